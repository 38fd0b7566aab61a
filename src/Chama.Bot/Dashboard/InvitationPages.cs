using System.Globalization;
using Chama.Conversations.Commands.Invitations;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Invitations;
using Chama.Data.Invitations;
using CsvHelper;
using CsvHelper.Configuration;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The officers' invitations: invite one phone, or many from a pasted list or an uploaded CSV file (CsvHelper, one
/// <c>phone,seat[,role[,name]]</c> a row), previewed row by row before anything is sent; and every invitation with its
/// state. The same rules, store and message as <c>INVITE</c> in the chat. Each form carries a key made when it was
/// shown, so submitting it twice invites once.
/// </summary>
public static class InvitationPages
{
    public const string Path = "invitations";

    /// <summary>A chama's members, not a directory.</summary>
    public const int MaxRows = 200;

    private const long MaxBytes = 64 * 1024;

    private static readonly CsvConfiguration Reading = new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = false,
        MissingFieldFound = null,
        BadDataFound = null,
        TrimOptions = TrimOptions.Trim,
        DetectDelimiter = false,
        IgnoreBlankLines = true,
    };

    /// <summary>What the invitation pages read and write through.</summary>
    public sealed record Sources(InvitationStore Invitations, MessageTexts Texts, TimeProvider Clock);

    public static RouteGroupBuilder MapInvitationPages(this RouteGroupBuilder chama)
    {
        chama.MapGet($"/{Path}", (HttpContext http, [AsParameters] Sources sources) => PageAsync(http, sources, Markup.Empty, null, null));
        chama.MapPost($"/{Path}", InviteOneAsync);
        chama.MapPost($"/{Path}/preview", PreviewAsync);
        chama.MapPost($"/{Path}/confirm", ConfirmAsync);
        return chama;
    }

    private static async Task<IResult> InviteOneAsync(HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var request = Request(form["phone"].ToString(), form["seat"].ToString(), form["role"].ToString(), form["name"].ToString(), Language(form));
        if (request is null)
        {
            return await PageAsync(http, sources, Markup.Empty, null, Refusal(sources, seat, "usage", 0), StatusCodes.Status400BadRequest);
        }

        try
        {
            var made = await InviteAsync(sources, seat, request, $"{DashboardEndpoints.Channel}:{FormKey(form)}");
            return await PageAsync(http, sources, Markup.Empty, Say(sources, seat, "sent", phone: made.Invitation.Phone.Masked, seatNumber: made.Invitation.Seat), null);
        }
        catch (ChamaException refused)
        {
            return await PageAsync(http, sources, Markup.Empty, null, Refusal(sources, seat, InviteCommand.RefusalReason(refused.Error), request.Seat), StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"];
        if (file is { Length: > MaxBytes })
        {
            return await UnreadableAsync(http, sources, $"at most {MaxBytes / 1024} KB");
        }

        var text = form["list"].ToString();
        if (file is { Length: > 0 })
        {
            await using var stream = file.OpenReadStream();
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(http.RequestAborted);
        }

        var language = Language(form);
        if (Read(text) is not { } rows)
        {
            return await UnreadableAsync(http, sources, $"one to {MaxRows} lines of phone,seat[,role[,name]] are needed");
        }

        var requests = rows.Select(r => Request(r.Phone, r.Seat, r.Role, r.Name, language)).ToList();
        var readable = requests.Where(r => r is not null).Select(r => r!).ToList();
        var outcomes = new Queue<ChamaException?>(await sources.Invitations.PreviewAsync(seat.Officer, readable, http.RequestAborted));
        var refused = false;
        var lines = new List<Markup>();
        for (var i = 0; i < rows.Count; i++)
        {
            var request = requests[i];
            var effect = request is null
                ? Refusal(sources, seat, "usage", 0)
                : outcomes.Dequeue() is { } refusal
                    ? Refusal(sources, seat, InviteCommand.RefusalReason(refusal.Error), request.Seat)
                    : null;
            refused |= effect is not null;
            var shown = effect ?? Say(sources, seat, "new", phone: PhoneNumber.Parse(request!.Phone).Masked, seatNumber: request.Seat, role: RoleWords.Key(request.Roles));
            lines.Add(Html.Of(
                $"""
                <tr{Html.If(effect is not null, $" class=\"error\"")}><th scope="row">{i + 1}</th><td>{rows[i].Phone}</td><td>{rows[i].Seat}</td><td>{rows[i].Role}</td><td>{rows[i].Name}</td><td>{shown}</td></tr>
                """));
        }

        var table = Html.Of(
            $"""
            <div class="table" role="region" tabindex="0" aria-label="Preview"><table><thead><tr><th scope="col">Row</th><th scope="col">Phone</th><th scope="col">Seat</th><th scope="col">Role</th><th scope="col">Name</th><th scope="col">What it does</th></tr></thead>
            <tbody>{Markup.Join(lines)}</tbody></table></div>
            """);
        if (refused)
        {
            return await PageAsync(http, sources, table, null, Say(sources, seat, "preview_refused"), StatusCodes.Status400BadRequest);
        }

        var confirm = Html.Of(
            $"""
            <p>{Say(sources, seat, "preview_intro")}</p>{table}
            <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, $"{Path}/confirm")}">{DashboardLayout.Antiforgery(http)}
            <input type="hidden" name="key" value="{NewFormKey()}"><input type="hidden" name="language" value="{language}">
            <input type="hidden" name="list" value="{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text))}">
            <button type="submit">Send these {rows.Count} invitations</button></form>
            """);
        return DashboardLayout.ChamaPage(http, seat, Path, Html.Of($"<h2>Invite several: preview</h2>{confirm}"));
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var language = Language(form);
        var requests = Read(Decode(form["list"].ToString()))?.Select(r => Request(r.Phone, r.Seat, r.Role, r.Name, language)).ToList();
        if (requests is null || requests.Any(r => r is null))
        {
            return await UnreadableAsync(http, sources, "the preview was changed");
        }

        // Each row is one invitation under its own key: a confirm submitted twice sends each once. A row refused now
        // (someone answered or was invited since the preview) is reported; the rows before it stay sent.
        var key = FormKey(form);
        var sent = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                await InviteAsync(sources, seat, requests[i]!, $"{DashboardEndpoints.Channel}:{key}:{i + 1}");
                sent++;
            }
            catch (ChamaException refused)
            {
                var why = Refusal(sources, seat, InviteCommand.RefusalReason(refused.Error), requests[i]!.Seat);
                return await PageAsync(http, sources, Markup.Empty, Say(sources, seat, "done", count: sent), $"{i + 1}: {why}", StatusCodes.Status409Conflict);
            }
        }

        return await PageAsync(http, sources, Markup.Empty, Say(sources, seat, "done", count: sent), null);
    }

    private static Task<InvitationResult> InviteAsync(Sources sources, OfficerSeat seat, InvitationRequest request, string key) =>
        sources.Invitations.InviteAsync(seat.Officer, request, key, DashboardEndpoints.Channel, made => InvitationNotices.ToInvitee(sources.Texts, made));

    /// <summary>One line of a list as written: phone and seat, then a role and a name when given.</summary>
    public sealed record ListRow(string Phone, string Seat, string Role, string Name);

    /// <summary>The rows of a pasted list or CSV file, or null when there are none or too many.</summary>
    public static IReadOnlyList<ListRow>? Read(string text)
    {
        try
        {
            using var csv = new CsvReader(new StringReader(text), Reading);
            var rows = new List<ListRow>();
            while (csv.Read())
            {
                var cells = Enumerable.Range(0, 4).Select(i => csv.TryGetField<string>(i, out var cell) ? cell?.Trim() ?? "" : "").ToArray();
                if (rows.Count == 0 && cells[0].Equals("phone", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // a header line
                }

                if (rows.Count == MaxRows)
                {
                    return null;
                }

                rows.Add(new ListRow(cells[0], cells[1], cells[2], cells[3]));
            }

            return rows.Count == 0 ? null : rows;
        }
        catch (CsvHelperException)
        {
            return null;
        }
    }

    /// <summary>A row as an invitation, or null when its seat is not a number or its role no role word.</summary>
    private static InvitationRequest? Request(string phone, string seat, string role, string name, Language language)
    {
        var roles = MemberRoles.Member;
        if (!int.TryParse(seat, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (role.Length > 0 && !RoleWords.TryRead(role, out roles)))
        {
            return null;
        }

        try
        {
            var request = new InvitationRequest(phone, number, roles, name.Length > 0 ? name : null, language);
            request.Validate();
            return request;
        }
        catch (ChamaException)
        {
            return null;
        }
    }

    private static Language Language(IFormCollection form) => form["language"].ToString() == nameof(Core.Language.Sw) ? Core.Language.Sw : Core.Language.En;

    private static string NewFormKey() => Guid.NewGuid().ToString("N");

    /// <summary>The key the form was shown with; a form without one (a hand-made post) gets a new one, so it invites once too.</summary>
    private static string FormKey(IFormCollection form) => form["key"].ToString() is { Length: > 0 and <= 64 } key ? key : NewFormKey();

    private static string Decode(string list)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(list));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private static string Say(Sources sources, OfficerSeat seat, string part, int count = 0, string phone = "", int seatNumber = 0, string role = "member", string status = "", string detail = "") =>
        sources.Texts.Render(seat.Officer.Language, "dashboard_invitations", new { part, code = seat.Chama.Code, count, phone, seat = seatNumber, role, status, detail });

    private static string Refusal(Sources sources, OfficerSeat seat, string reason, int seatNumber) =>
        sources.Texts.Render(seat.Officer.Language, "invite_refused", new { reason, seat = seatNumber });

    private static Task<IResult> UnreadableAsync(HttpContext http, Sources sources, string detail) =>
        PageAsync(http, sources, Markup.Empty, null, Say(sources, OfficerSeat.Of(http), "unreadable", detail: detail), StatusCodes.Status400BadRequest);

    private static async Task<IResult> PageAsync(HttpContext http, Sources sources, Markup above, string? notice, string? error, int status = StatusCodes.Status200OK)
    {
        var seat = OfficerSeat.Of(http);
        var now = sources.Clock.GetUtcNow();
        var token = DashboardLayout.Antiforgery(http);
        var action = DashboardLayout.Href(seat.Chama.Id, Path);
        var listed = await sources.Invitations.ListAsync(seat.Chama.Id, http.RequestAborted);
        var rows = Markup.Join(listed.Select(l => Html.Of(
            $"""
            <tr><td>{l.Invitation.Seat}</td><td>{l.Invitation.Phone.Masked}</td><td>{l.MemberName ?? l.Invitation.Name ?? ""}</td><td>{Say(sources, seat, "role", role: RoleWords.Key(l.Invitation.Roles))}</td><td>{l.InvitedBy}</td><td>{DashboardLayout.When(l.Invitation.CreatedAt)}</td><td>{Say(sources, seat, "status", status: InvitationNotices.StatusKey(l.Invitation, now))}</td></tr>
            """)));
        var list = listed.Count == 0
            ? Html.Of($"<p>{Say(sources, seat, "list_empty")}</p>")
            : Html.Of(
                $"""
                <div class="table" role="region" tabindex="0" aria-label="Invitations"><table><thead><tr><th scope="col">Seat</th><th scope="col">Phone</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Invited by</th><th scope="col">Sent</th><th scope="col">Answer</th></tr></thead>
                <tbody>{rows}</tbody></table></div>
                """);
        var body = Html.Of(
            $"""
            {above}<p>{Say(sources, seat, "intro")}</p>
            <h2 id="h-one">Invite one</h2>
            <form method="post" action="{action}" aria-labelledby="h-one">{token}<input type="hidden" name="key" value="{NewFormKey()}">
            <label for="phone">Phone</label><input id="phone" name="phone" inputmode="tel" required>
            <label for="seat">Seat</label><input id="seat" name="seat" inputmode="numeric" required>
            <label for="role">Role</label><select id="role" name="role"><option value="">Member</option><option value="treasurer">Treasurer</option><option value="chair">Chair</option><option value="secretary">Secretary</option></select>
            <label for="name">Name (optional)</label><input id="name" name="name" maxlength="{NewMember.MaxNameLength}">
            {LanguageField("language-one", seat.Officer.Language)}
            <button type="submit">Send the invitation</button></form>
            <h2 id="h-several">Invite several</h2>
            <p>{Say(sources, seat, "several")}</p>
            <form method="post" enctype="multipart/form-data" action="{DashboardLayout.Href(seat.Chama.Id, $"{Path}/preview")}" aria-labelledby="h-several">{token}
            <label for="list">List</label><textarea id="list" name="list" rows="6" cols="40" placeholder="0722000002,2,treasurer,Jane Akinyi"></textarea>
            <label for="file">or a CSV file</label><input id="file" name="file" type="file" accept=".csv,text/csv">
            {LanguageField("language-several", seat.Officer.Language)}
            <button type="submit">Preview</button></form>
            <h2>Invitations</h2>{list}
            """);
        return DashboardLayout.ChamaPage(http, seat, Path, body, notice, error, status);
    }

    private static Markup LanguageField(string id, Language chosen) => Html.Of(
        $"""
        <label for="{id}">Invitation's language</label><select id="{id}" name="language"><option value="En"{Html.If(chosen == Core.Language.En, $" selected")}>English</option><option value="Sw"{Html.If(chosen == Core.Language.Sw, $" selected")}>Kiswahili</option></select>
        """);
}
