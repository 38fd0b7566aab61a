using Chama.Conversations.Commands.Recording;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Recording;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The meeting sheet: every active member in one table, the amounts each paid typed in, checked, and committed together
/// in one transaction or not at all. One row that cannot be recorded writes nothing, and the page comes back with every
/// value as typed and the row and its reason. Each row's cash reference is made when the sheet is shown, so a sheet sent
/// twice records each payment once.
/// </summary>
public static class MeetingSheetPages
{
    public const string Path = "payments/sheet";

    public static RouteGroupBuilder MapMeetingSheet(this RouteGroupBuilder chama)
    {
        chama.MapGet($"/{Path}", (HttpContext http, [AsParameters] PaymentPages.Sources sources) => PageAsync(http, sources, typed: null, refusedSeat: null, notice: null, error: null));
        chama.MapPost($"/{Path}", RecordAsync);
        return chama;
    }

    private static async Task<IResult> RecordAsync(HttpContext http, [AsParameters] PaymentPages.Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var members = await MembersAsync(seat, sources, http.RequestAborted);
        var rows = new List<(int Row, Member Member, PaymentToRecord Payment)>();
        var row = 0;
        foreach (var member in members)
        {
            row++;
            var amount = form[$"amount-{member.Seat}"].ToString();
            if (amount.Trim().Length == 0)
            {
                continue;
            }

            var cash = RecordedPayments.TryReceipt(form[$"cash-{member.Seat}"]) is { Kind: ReceiptKind.Cash } kept ? kept : Receipt.NewCash(NairobiTime.Today(sources.Clock));
            var fields = new PaymentFields(
                member.Seat.ToString(System.Globalization.CultureInfo.InvariantCulture), amount, form[$"reference-{member.Seat}"].ToString(),
                form[$"fund-{member.Seat}"].ToString(), TextInput.Line(form[$"note-{member.Seat}"]), "", "");
            var (payment, refusal) = fields.Read(seat.Chama.Currency, cash);
            if (payment is null)
            {
                return await RefusedAsync(http, sources, form, row, member, refusal!);
            }

            rows.Add((row, member, payment));
        }

        if (rows.Count == 0)
        {
            return await PageAsync(http, sources, form, refusedSeat: null, notice: null, PaymentPages.Say(sources.Texts, seat, "sheet_empty"), StatusCodes.Status400BadRequest);
        }

        try
        {
            var recorded = await sources.Recorded.RecordAllAsync(
                seat.Officer, rows.Select(r => r.Payment).ToList(), DashboardEndpoints.Channel, RecordingNotices.ForMember(sources.Texts, seat.Officer), http.RequestAborted);
            return await PageAsync(http, sources, typed: null, refusedSeat: null, PaymentPages.Say(sources.Texts, seat, "sheet_done", count: recorded.Count), error: null);
        }
        catch (ChamaException refused) when (refused.Facts is RefusedRow failed)
        {
            var (number, member, _) = rows[failed.Row - 1];
            return await RefusedAsync(http, sources, form, number, member, RecordCommand.Reason(failed.Reason.Error));
        }
    }

    private static async Task<IResult> RefusedAsync(HttpContext http, PaymentPages.Sources sources, IFormCollection form, int row, Member member, string reason)
    {
        var seat = OfficerSeat.Of(http);
        var why = PaymentFields.Refusal(sources.Texts, seat, reason, member.Seat, form[$"reference-{member.Seat}"].ToString());
        var error = PaymentPages.Say(sources.Texts, seat, "row_refused", row: row, seatNumber: member.Seat, name: member.Name, reason: why);
        return await PageAsync(http, sources, form, member.Seat, notice: null, error, StatusCodes.Status400BadRequest);
    }

    /// <summary>The sheet, with what was typed kept when it comes back refused (<paramref name="refusedSeat"/>'s row marked).</summary>
    private static async Task<IResult> PageAsync(
        HttpContext http, PaymentPages.Sources sources, IFormCollection? typed, int? refusedSeat, string? notice, string? error, int status = StatusCodes.Status200OK)
    {
        var seat = OfficerSeat.Of(http);
        var members = await MembersAsync(seat, sources, http.RequestAborted);
        string Kept(string field) => typed is null ? "" : typed[field].ToString();
        var today = NairobiTime.Today(sources.Clock);
        var rows = Markup.Join(members.Select(m =>
        {
            var cash = typed is not null && RecordedPayments.TryReceipt(Kept($"cash-{m.Seat}")) is { Kind: ReceiptKind.Cash } kept ? kept.Value : Receipt.NewCash(today).Value;
            var invalid = refusedSeat == m.Seat;
            return Html.Of(
                $"""
                <tr{Html.If(invalid, $" class=\"error\"")}><th scope="row">{m.Seat}</th><td>{m.Name}</td>
                <td><input type="hidden" name="cash-{m.Seat}" value="{cash}"><label class="visually-hidden" for="amount-{m.Seat}">Amount from {m.Name}</label><input id="amount-{m.Seat}" name="amount-{m.Seat}" value="{Kept($"amount-{m.Seat}")}" inputmode="numeric" size="8"{Html.If(invalid, $" aria-invalid=\"true\"")}></td>
                <td><label class="visually-hidden" for="reference-{m.Seat}">Reference for {m.Name}</label><input id="reference-{m.Seat}" name="reference-{m.Seat}" value="{Kept($"reference-{m.Seat}")}" placeholder="{cash}" size="16" maxlength="40"></td>
                <td><label class="visually-hidden" for="fund-{m.Seat}">Fund for {m.Name}</label><select id="fund-{m.Seat}" name="fund-{m.Seat}">{FundChoice.Options(Kept($"fund-{m.Seat}"))}</select></td>
                <td><label class="visually-hidden" for="note-{m.Seat}">Note for {m.Name}</label><input id="note-{m.Seat}" name="note-{m.Seat}" value="{Kept($"note-{m.Seat}")}" maxlength="{PaymentToRecord.MaxNoteLength}" size="16"></td></tr>
                """);
        }));
        var body = Html.Of(
            $"""
            <h2>Meeting sheet</h2>
            <p>{PaymentPages.Say(sources.Texts, seat, "sheet_intro")}</p>
            <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, Path)}">{DashboardLayout.Antiforgery(http)}
            <div class="table" role="region" tabindex="0" aria-label="Meeting sheet"><table><thead><tr><th scope="col">Seat</th><th scope="col">Member</th><th scope="col">Amount ({seat.Chama.Currency})</th><th scope="col">Reference (empty for cash)</th><th scope="col">Fund</th><th scope="col">Note</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            <button type="submit">Record all together</button></form>
            <p><a href="{DashboardLayout.Href(seat.Chama.Id, PaymentPages.Path)}">Back to payments</a></p>
            """);
        return DashboardLayout.ChamaPage(http, seat, PaymentPages.Path, body, notice, error, status);
    }

    private static async Task<IReadOnlyList<Member>> MembersAsync(OfficerSeat seat, PaymentPages.Sources sources, CancellationToken cancellationToken) =>
        (await sources.Chamas.GetMembersAsync(seat.Chama.Id, cancellationToken)).Where(m => m.Active).OrderBy(m => m.Seat).ToList();
}
