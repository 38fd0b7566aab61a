using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Corrections of recorded payments (<c>C4</c>) waiting for the officers' quorum, on the approvals page: decided here
/// through the same store call as the chat's <c>APPROVE C4</c> / <c>REJECT C4 &lt;reason&gt;</c>; the officer who recorded
/// the payment and its member do not count.
/// </summary>
public static class CorrectionApprovals
{
    public static Markup Sections(IReadOnlyList<PaymentCorrection> open, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names) =>
        Markup.Join(open.Select(c =>
        {
            var payment = c.Payment;
            var concerned = c.Ballot.Excluded.Contains(seat.Officer.Id);
            return Html.Of(
                $"""
                <section aria-labelledby="h-{c.Code}"><h2 id="h-{c.Code}">{c.Code}: reverse {payment.Receipt.Value}</h2>
                <dl><dt>Payment</dt><dd>{payment.Amount} from {payment.Member.Name} (seat {payment.Member.Seat}){Html.If(payment.Foreign is not null, $", paid {payment.Foreign?.Paid} at {payment.Foreign?.Rate}")}</dd><dt>Recorded by</dt><dd>{names.GetValueOrDefault(payment.RecordedByMemberId, "?")} on {DashboardLayout.When(payment.RecordedAt)}</dd><dt>Disputed</dt><dd>{(payment.DisputedAt is { } at ? DashboardLayout.When(at) : "no")}</dd><dt>Reason</dt><dd>{c.Reason}</dd><dt>Proposed by</dt><dd>{names.GetValueOrDefault(c.ProposerMemberId, "?")}</dd><dt>Approvals</dt><dd>{c.Approvals} of {c.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(c.Decisions, names)}</dd></dl>
                {Html.If(concerned, $"<p>You recorded this payment or it is yours: the other officers decide.</p>")}
                {DecisionForms.For(seat, c.Code, token)}
                <p>In the chat: APPROVE {c.Code} or REJECT {c.Code} &lt;reason&gt;.</p></section>
                """);
        }));
}
