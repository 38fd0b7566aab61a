using System.Globalization;
using Chama.Conversations.Commands.Joins;
using Chama.Conversations.Commands.Members;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.MemberChanges;
using Chama.Data.Outbox;
using Microsoft.Extensions.Primitives;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The members of a chama: add one, correct a member's name, phone, seat or language, propose a change of their roles
/// or payout phone (the officers' quorum decides it), record that a member leaves (the chat's EXIT: the member becomes
/// inactive, their history stays), or propose that a member with no round in the running cycle joins it (the chat's
/// JOIN: the other officers decide by reply). Every change goes through the store's validation and is audited as made
/// on the dashboard.
/// </summary>
public static class MemberPages
{
    private static readonly MemberRoles[] OfficerRoles = [MemberRoles.Treasurer, MemberRoles.Chair, MemberRoles.Secretary];

    public static RouteGroupBuilder MapMemberPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/members", (HttpContext http, ChamaStore chamas) => PageAsync(http, chamas, Notice(http), null));
        chama.MapPost("/members", AddAsync);
        chama.MapPost("/members/{memberId:long}", UpdateAsync);
        chama.MapPost("/members/{memberId:long}/exit", ExitAsync);
        chama.MapPost("/members/{memberId:long}/join", JoinAsync);
        return chama;
    }

    private static string? Notice(HttpContext http) => http.Request.Query["notice"].ToString() switch
    {
        "added" => "The member is added." + Proposed(http),
        "updated" => "The member's details are saved." + Proposed(http),
        "left" => "The member's exit is recorded.",
        "join-proposed" => "The proposal that the member joins the running cycle is recorded; the other officers are asked to approve it by reply.",
        "joined" => "The member is in the running cycle now.",
        _ => null,
    };

    /// <summary>The role and payout-phone changes just proposed, which wait for the officers' quorum; only well-formed codes are shown.</summary>
    private static string Proposed(HttpContext http)
    {
        var codes = http.Request.Query["proposed"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(code => DecisionKinds.TryParseCode(code, out var kind, out _) && MemberChange.IsMemberChange(kind))
            .ToList();
        return codes.Count == 0 ? "" : $" Roles and payout phones change only with the officers' approval; waiting on the Approvals page: {string.Join(", ", codes)}.";
    }

    private static async Task<IResult> PageAsync(HttpContext http, ChamaStore chamas, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var members = await chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted);
        var outsideCycle = await OutsideRunningCycleAsync(http, seat.Chama.Id);
        var token = DashboardLayout.Antiforgery(http);
        var rows = Markup.Join(members.Select(m => Html.Of(
            $"<tr><td class=\"n\">{m.Seat}</td><td>{m.Name}</td><td>{m.Phone.E164}</td><td>{m.ReceivePhone.E164}</td><td>{DashboardLayout.Roles(m.Roles)}</td><td>{m.Language}</td><td>{(m.Active ? "active" : "left")}</td><td><a href=\"{StatementPages.Href(seat.Chama.Id, m.Id)}\">Statement<span class=\"visually-hidden\"> of {m.Name}</span></a></td></tr>")));
        var editors = Markup.Join(members.Where(m => m.Active).Select(m => Html.Of(
            $"""
            <details><summary>Seat {m.Seat}: {m.Name}</summary>
            <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, $"members/{m.Id}")}">{token}{Fields($"m{m.Id}", m)}<button type="submit">Save {m.Name}</button></form>
            {Html.If(m.Id != seat.Officer.Id && outsideCycle.Contains(m.Id), $"<form method=\"post\" action=\"{DashboardLayout.Href(seat.Chama.Id, $"members/{m.Id}/join")}\">{token}<button type=\"submit\">Propose that {m.Name} joins the running cycle now</button></form>")}
            {Html.If(m.Id != seat.Officer.Id, $"<form method=\"post\" action=\"{DashboardLayout.Href(seat.Chama.Id, $"members/{m.Id}/exit")}\">{token}<label for=\"exit-{m.Id}\">Reason {m.Name} leaves</label><input id=\"exit-{m.Id}\" name=\"reason\" maxlength=\"140\" required><button class=\"danger\" type=\"submit\">Record that {m.Name} leaves</button></form>")}
            </details>
            """)));
        var body = Html.Of(
            $"""
            <div class="table" role="region" tabindex="0" aria-label="Members"><table><thead><tr><th class="n" scope="col">Seat</th><th scope="col">Name</th><th scope="col">Phone</th><th scope="col">M-Pesa payouts to</th><th scope="col">Roles</th><th scope="col">Language</th><th scope="col">State</th><th scope="col">This cycle</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            <h2>Change a member</h2>{editors}
            <h2>Add a member</h2>
            <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, "members")}">{token}{Fields("new", null)}<button type="submit">Add the member</button></form>
            """);
        return DashboardLayout.ChamaPage(http, seat, "members", body, notice, error, status);
    }

    /// <summary>Active members with no round in the running cycle (none when no cycle runs): they join from the next cycle unless officers approve otherwise.</summary>
    private static async Task<IReadOnlySet<long>> OutsideRunningCycleAsync(HttpContext http, long chamaId)
    {
        var cycles = http.RequestServices.GetRequiredService<CycleStore>();
        if (await cycles.FindActiveCycleAsync(chamaId, http.RequestAborted) is not { } cycle)
        {
            return new HashSet<long>();
        }

        var inRotation = (await cycles.GetRoundsAsync(cycle.Id, http.RequestAborted)).Select(r => r.RecipientMemberId).ToHashSet();
        return (await http.RequestServices.GetRequiredService<ChamaStore>().GetMembersAsync(chamaId, http.RequestAborted))
            .Where(m => m.Active && !inRotation.Contains(m.Id)).Select(m => m.Id).ToHashSet();
    }

    /// <summary>The fields of a member's form; <paramref name="prefix"/> keeps every id on the page unique for its label.</summary>
    private static Markup Fields(string prefix, Member? m)
    {
        var roles = Markup.Join(OfficerRoles.Select(role => Html.Of(
            $"<label for=\"{prefix}-{role}\"><input id=\"{prefix}-{role}\" type=\"checkbox\" name=\"roles\" value=\"{role}\"{(m is not null && m.Roles.HasFlag(role) ? new Markup(" checked") : Markup.Empty)}> {role.ToString().ToLowerInvariant()}</label>")));
        var languages = Markup.Join(Enum.GetValues<Language>().Select(l => Html.Of(
            $"<option value=\"{l}\"{(m?.Language == l ? new Markup(" selected") : Markup.Empty)}>{(l == Language.En ? "English" : "Swahili")}</option>")));
        return Html.Of(
            $"""
            <label for="{prefix}-name">Name</label><input id="{prefix}-name" name="name" maxlength="{NewMember.MaxNameLength}" required value="{m?.Name}">
            <label for="{prefix}-phone">Phone</label><input id="{prefix}-phone" name="phone" type="tel" required value="{m?.Phone.E164}">
            <label for="{prefix}-receive">M-Pesa payouts to (blank: the same phone)</label><input id="{prefix}-receive" name="receive_phone" type="tel" value="{m?.ReceivePhone.E164}">
            <label for="{prefix}-seat">Seat</label><input id="{prefix}-seat" name="seat" type="number" min="1" required value="{m?.Seat}">
            <fieldset><legend>Officer roles</legend>{roles}</fieldset>
            <label for="{prefix}-language">Language</label><select id="{prefix}-language" name="language">{languages}</select>
            """);
    }

    private static NewMember? Read(IFormCollection form, out string? error)
    {
        error = null;
        if (!int.TryParse(form["seat"], NumberStyles.None, CultureInfo.InvariantCulture, out var seatNumber))
        {
            error = "The seat is a whole number, from 1.";
            return null;
        }

        var roles = MemberRoles.Member;
        foreach (var role in form["roles"].Where(r => r is not null).Cast<string>())
        {
            if (!Enum.TryParse<MemberRoles>(role, out var parsed) || !OfficerRoles.Contains(parsed))
            {
                error = "Choose roles from the list.";
                return null;
            }

            roles |= parsed;
        }

        if (!Enum.TryParse<Language>(form["language"].ToString(), out var language) || !Enum.IsDefined(language))
        {
            error = "Choose English or Swahili.";
            return null;
        }

        return new NewMember(form["name"].ToString(), form["phone"].ToString(), seatNumber, roles, language, Blank(form["receive_phone"]));
    }

    private static string? Blank(StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();

    /// <summary>An officer adds a plain member; roles asked for are proposed to the officers' quorum.</summary>
    private static async Task<IResult> AddAsync(HttpContext http, ChamaStore chamas, MemberChangeStore changes, MessageTexts texts) =>
        await ChangeAsync(http, chamas, "added", async (seat, member) =>
        {
            var added = await chamas.AddMemberAsync(
                seat.Chama.Id, member with { Roles = MemberRoles.Member }, Actor.Member(seat.Officer.Id, DashboardEndpoints.Channel), http.RequestAborted);
            return await ProposeAsync(http, seat, changes, texts, added, member);
        });

    /// <summary>
    /// An officer corrects a member's details at once; a change of their roles or payout phone is proposed to the
    /// officers' quorum instead of made.
    /// </summary>
    private static async Task<IResult> UpdateAsync(long memberId, HttpContext http, ChamaStore chamas, MemberChangeStore changes, MessageTexts texts, TimeProvider clock) =>
        await ChangeAsync(http, chamas, "updated", async (seat, member) =>
        {
            var updated = await chamas.UpdateMemberAsync(
                seat.Chama.Id,
                memberId,
                member,
                Actor.Member(seat.Officer.Id, DashboardEndpoints.Channel),
                (before, after, officers) => MemberDetailNotices.For(texts, seat.Chama.Name, seat.Officer, before, after, officers, clock.GetUtcNow()),
                http.RequestAborted);
            return await ProposeAsync(http, seat, changes, texts, updated, member);
        });

    /// <summary>Proposes what the form asks that differs from the member's roles and payout phone; the codes proposed.</summary>
    private static async Task<IReadOnlyList<string>> ProposeAsync(
        HttpContext http, OfficerSeat seat, MemberChangeStore changes, MessageTexts texts, Member member, NewMember asked)
    {
        var proposed = new List<string>();
        var receivePhone = asked.Validate().ReceivePhone;
        foreach (var (roles, phone) in new (MemberRoles?, PhoneNumber?)[]
        {
            (asked.Roles != member.Roles ? asked.Roles : null, null),
            (null, receivePhone != member.ReceivePhone ? receivePhone : null),
        })
        {
            if (roles is null && phone is null)
            {
                continue;
            }

            var result = await changes.ProposeAsync(
                seat.Officer, member.Id, roles, phone, DashboardEndpoints.Channel, r => Conversations.Texts.MemberChangeNotices.For(texts, seat.Chama, r), http.RequestAborted);
            if (result.Change is { } change)
            {
                proposed.Add(change.Code);
            }
        }

        return proposed;
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, ChamaStore chamas, string notice, Func<OfficerSeat, NewMember, Task<IReadOnlyList<string>>> change)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (Read(form, out var error) is not { } member)
        {
            return await PageAsync(http, chamas, null, error, StatusCodes.Status400BadRequest);
        }

        try
        {
            var proposed = await change(seat, member);
            return Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "members") + $"?notice={notice}&proposed={string.Join(',', proposed)}");
        }
        catch (ChamaException refused)
        {
            return await PageAsync(http, chamas, null, refused.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> ExitAsync(long memberId, HttpContext http, ChamaStore chamas, MemberExitStore exits, MessageTexts texts)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var member = await chamas.FindMemberAsync(memberId, http.RequestAborted);
        if (member is null || member.ChamaId != seat.Chama.Id || !member.Active)
        {
            return await PageAsync(http, chamas, null, "There is no such active member in this chama.", StatusCodes.Status400BadRequest);
        }

        try
        {
            await exits.RecordAsync(
                seat.Officer, member.Seat, TextInput.Lines(form["reason"]), DashboardEndpoints.Channel, exit => [ExitCommand.NoticeFor(texts, exit, seat.Chama.Name)], http.RequestAborted);
            return Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "members") + "?notice=left");
        }
        catch (ChamaException refused)
        {
            return await PageAsync(http, chamas, null, refused.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> JoinAsync(long memberId, HttpContext http, ChamaStore chamas, CycleJoinStore joins, MessageTexts texts)
    {
        var seat = OfficerSeat.Of(http);
        var member = await chamas.FindMemberAsync(memberId, http.RequestAborted);
        if (member is null || member.ChamaId != seat.Chama.Id || !member.Active)
        {
            return await PageAsync(http, chamas, null, "There is no such active member in this chama.", StatusCodes.Status400BadRequest);
        }

        var result = await joins.ProposeAsync(
            seat.Officer, member.Seat, DashboardEndpoints.Channel, proposed => JoinNotices.For(texts, seat.Chama.Name, proposed), http.RequestAborted);
        return result.Outcome switch
        {
            JoinOutcome.Recorded => Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "members") + "?notice=join-proposed"),
            JoinOutcome.Joined => Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "members") + "?notice=joined"),
            _ => await PageAsync(
                http,
                chamas,
                null,
                texts.Render(Language.En, "join_refused", new { reason = JoinCommand.RefusalReason(result.Outcome), seat = member.Seat, code = result.Proposal?.Code ?? "" }),
                StatusCodes.Status409Conflict),
        };
    }
}
