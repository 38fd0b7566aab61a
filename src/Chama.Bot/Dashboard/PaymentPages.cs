using Chama.Conversations.Commands.Recording;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Chamas;
using Chama.Data.Recording;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Payments recorded by hand: a form for one payment, the list of those recorded (disputed and reversed ones marked, a
/// disputed one with the button that proposes its correction under the quorum), and the ways to record many at once:
/// the meeting sheet (<see cref="MeetingSheetPages"/>) and an uploaded file (<see cref="PaymentUploadPages"/>). Every
/// payment goes through the same store call as the chat's RECORD, audited with channel "dashboard".
/// </summary>
public static class PaymentPages
{
    public const string Path = "payments";

    public static RouteGroupBuilder MapPaymentPages(this RouteGroupBuilder chama)
    {
        chama.MapGet($"/{Path}", (HttpContext http, [AsParameters] Sources sources) => PageAsync(http, sources, null, null));
        chama.MapPost($"/{Path}", RecordAsync);
        chama.MapPost($"/{Path}/correct", CorrectAsync);
        chama.MapMeetingSheet();
        chama.MapPaymentUpload();
        return chama;
    }

    /// <summary>What the payment pages read and write through.</summary>
    public sealed record Sources(RecordedPayments Recorded, PaymentCorrections Corrections, ChamaStore Chamas, MessageTexts Texts, TimeProvider Clock);

    /// <summary>A sentence of the payment pages (<c>dashboard_payments</c>) in the officer's language.</summary>
    public static string Say(MessageTexts texts, OfficerSeat seat, string part, int count = 0, int row = 0, int seatNumber = 0, string name = "", string reason = "", string detail = "") =>
        texts.Render(seat.Officer.Language, "dashboard_payments", new { part, count, row, seat = seatNumber, name, reason, currency = seat.Chama.Currency, detail });

    private static async Task<IResult> RecordAsync(HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var method = form["method"].ToString();
        var reference = method switch
        {
            "bank" => "BANK " + form["reference"],
            "mpesa" => form["reference"].ToString(),
            _ => "",
        };
        var cash = Receipt.Parse(form["cash"].ToString() is { Length: > 0 } kept && RecordedPayments.TryReceipt(kept) is { Kind: ReceiptKind.Cash } ? kept : Receipt.NewCash(NairobiTime.Today(sources.Clock)).Value);
        var fields = new PaymentFields(form["seat"].ToString(), form["amount"].ToString(), reference, form["fund"].ToString(), TextInput.Line(form["note"]), form["currency"].ToString(), form["rate"].ToString());
        var (payment, refusal) = fields.Read(seat.Chama.Currency, cash);
        if (payment is null)
        {
            return await PageAsync(http, sources, null, PaymentFields.Refusal(sources.Texts, seat, refusal!, int.TryParse(fields.Seat, out var n) ? n : 0), StatusCodes.Status400BadRequest);
        }

        try
        {
            var recorded = await sources.Recorded.RecordAsync(seat.Officer, payment, DashboardEndpoints.Channel, RecordingNotices.ForMember(sources.Texts, seat.Officer), http.RequestAborted);
            return await PageAsync(http, sources, RecordingNotices.Confirmation(sources.Texts, seat.Officer.Language, recorded, seat.Chama.Name, seat.Officer.Name), null);
        }
        catch (ChamaException refused)
        {
            return await PageAsync(
                http, sources, null, PaymentFields.Refusal(sources.Texts, seat, RecordCommand.Reason(refused.Error), payment.Seat, payment.Receipt.Value), StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> CorrectAsync(HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reason = TextInput.Line(form["reason"]);
        if (reason.Length is 0 or > PaymentCorrection.MaxReasonLength)
        {
            return await PageAsync(http, sources, null, DecisionTexts.Outcome(sources.Texts, seat.Officer.Language, VoteOutcome.NoReason, DecisionKind.Correction, 0), StatusCodes.Status400BadRequest);
        }

        var result = await sources.Corrections.ProposeAsync(
            seat.Officer, form["reference"].ToString(), reason, DashboardEndpoints.Channel, RecordingNotices.Reversed(sources.Texts, seat.Chama.Name), http.RequestAborted);
        var outcome = result.Outcome switch
        {
            CorrectionOutcome.Recorded => "proposed",
            CorrectionOutcome.AlreadyProposed => "proposed_already",
            CorrectionOutcome.AlreadyReversed => "reversed",
            CorrectionOutcome.NotAnOfficer => "officer",
            _ => "unknown",
        };
        if (result.Outcome is CorrectionOutcome.Reversed or CorrectionOutcome.CannotReverse)
        {
            var text = DecisionTexts.Outcome(sources.Texts, seat.Officer.Language, VoteOutcomes.Of(result.Outcome), DecisionKind.Correction, result.Correction!.Id);
            return await PageAsync(http, sources, result.Outcome == CorrectionOutcome.Reversed ? text : null, result.Outcome == CorrectionOutcome.Reversed ? null : text);
        }

        var correction = result.Correction;
        var names = (await sources.Chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var said = sources.Texts.Render(seat.Officer.Language, "correction_proposed", new
        {
            outcome,
            voter = false,
            chama = seat.Chama.Name,
            officer = seat.Officer.Name,
            reference = correction?.Payment.Receipt.Value ?? form["reference"].ToString().Trim().ToUpperInvariant(),
            code = correction?.Code ?? "",
            amount = correction?.Payment.Amount.ToString() ?? "",
            name = correction?.Payment.Member.Name ?? "",
            recorder = correction is null ? "" : names.GetValueOrDefault(correction.Payment.RecordedByMemberId, "?"),
            reason,
            approvals = correction?.Approvals ?? 0,
            required = correction?.Required ?? 0,
        });
        return result.Outcome == CorrectionOutcome.Recorded
            ? await PageAsync(http, sources, said, null)
            : await PageAsync(http, sources, null, said, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> PageAsync(HttpContext http, Sources sources, string? notice, string? error, int status = StatusCodes.Status200OK)
    {
        var seat = OfficerSeat.Of(http);
        var members = (await sources.Chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).Where(m => m.Active).OrderBy(m => m.Seat).ToList();
        var names = (await sources.Chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var recorded = await sources.Recorded.ListAsync(seat.Chama.Id, cancellationToken: http.RequestAborted);
        var token = DashboardLayout.Antiforgery(http);
        var action = DashboardLayout.Href(seat.Chama.Id, Path);
        var options = Markup.Join(members.Select(m => Html.Of($"<option value=\"{m.Seat}\">{m.Seat}. {m.Name}</option>")));
        var cash = Receipt.NewCash(NairobiTime.Today(sources.Clock)).Value;
        var form = Html.Of(
            $"""
            <p>{Say(sources.Texts, seat, "intro")}</p>
            <p><a href="{DashboardLayout.Href(seat.Chama.Id, MeetingSheetPages.Path)}">Meeting sheet: every member in one table</a> · <a href="{DashboardLayout.Href(seat.Chama.Id, PaymentUploadPages.Path)}">Upload a CSV file</a></p>
            <h2 id="h-record">Record one payment</h2>
            <form method="post" action="{action}" aria-labelledby="h-record">{token}<input type="hidden" name="cash" value="{cash}">
            <label for="seat">Member</label><select id="seat" name="seat" required>{options}</select>
            <label for="amount">Amount</label><input id="amount" name="amount" inputmode="numeric" required>
            <label for="fund">Fund</label><select id="fund" name="fund">{FundChoice.Options("")}</select>
            <label for="method">Paid by</label><select id="method" name="method"><option value="cash">Cash (reference {cash})</option><option value="mpesa">M-Pesa to an officer's number</option><option value="bank">Bank transfer</option></select>
            <label for="reference">M-Pesa receipt or bank reference (not for cash)</label><input id="reference" name="reference" maxlength="40">
            <fieldset><legend>{Say(sources.Texts, seat, "foreign")}</legend>
            <label for="currency">Currency paid (empty for {seat.Chama.Currency})</label><input id="currency" name="currency" maxlength="3" size="4">
            <label for="rate">Rate</label><input id="rate" name="rate" inputmode="decimal" maxlength="20"></fieldset>
            <label for="note">Note (optional)</label><input id="note" name="note" maxlength="{PaymentToRecord.MaxNoteLength}">
            <button type="submit">Record the payment</button></form>
            """);
        var rows = Markup.Join(recorded.Select(p => Html.Of(
            $"""
            <tr><td>{DashboardLayout.When(p.RecordedAt)}</td><td>{p.Member.Seat}. {p.Member.Name}</td><td class="n">{p.Amount}</td><td>{(p.Foreign is { } f ? $"{f.Paid} at {f.Rate}" : "")}</td><td>{FundChoice.Name(p.Contribution.Fund)}</td><td>{p.Receipt.Value}</td><td>{names.GetValueOrDefault(p.RecordedByMemberId, "?")}</td><td>{p.Note}</td><td>{(p.Reversed ? "reversed" : p.Disputed ? "disputed" : "")}</td><td>{CorrectForm(http, seat, sources, p, token)}</td></tr>
            """)));
        var list = recorded.Count == 0
            ? Html.Of($"<p>{Say(sources.Texts, seat, "list_empty")}</p>")
            : Html.Of(
                $"""
                <p>{Say(sources.Texts, seat, "list")}</p>
                <div class="table" role="region" tabindex="0" aria-label="Recorded payments"><table><thead><tr><th scope="col">Recorded</th><th scope="col">Member</th><th class="n" scope="col">Credited</th><th scope="col">Paid abroad</th><th scope="col">Fund</th><th scope="col">Reference</th><th scope="col">Recorded by</th><th scope="col">Note</th><th scope="col">Standing</th><th scope="col">Correct</th></tr></thead>
                <tbody>{rows}</tbody></table></div>
                """);
        return DashboardLayout.ChamaPage(http, seat, Path, Markup.Join([form, Html.Of($"<h2>Recorded payments</h2>"), list]), notice, error, status);
    }

    /// <summary>A disputed entry not yet reversed gets the button that proposes reversing it, with its reason.</summary>
    private static Markup CorrectForm(HttpContext http, OfficerSeat seat, Sources sources, RecordedPayment payment, Markup token) =>
        !payment.Disputed || payment.Reversed
            ? Markup.Empty
            : Html.Of(
                $"""
                <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, $"{Path}/correct")}" title="{Say(sources.Texts, seat, "correct")}">{token}<input type="hidden" name="reference" value="{payment.Receipt.Value}">
                <label for="reason-{payment.Id}">Reason to reverse {payment.Receipt.Value}</label><input id="reason-{payment.Id}" name="reason" maxlength="{PaymentCorrection.MaxReasonLength}" required>
                <button class="danger" type="submit">Propose reversing {payment.Receipt.Value}</button></form>
                """);
}
