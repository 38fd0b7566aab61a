using Chama.Data.Loans;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Guaranteed loans (<c>L5</c>) waiting for the officers' quorum, on the approvals page: decided here through the same
/// store call as the chat's <c>APPROVE L5</c> / <c>REJECT L5 &lt;reason&gt;</c>; the borrower and the guarantors do not count.
/// </summary>
public static class LoanApprovals
{
    public static Markup Sections(IReadOnlyList<LoanApplication> open, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names, DateOnly today) =>
        Markup.Join(open.Select(loan =>
        {
            var schedule = loan.ScheduleFrom(today);
            var guarantors = string.Join(", ", loan.Guarantees.Select(g => $"{g.Member.Name} (pledges {g.Pledge})"));
            return Html.Of(
                $"""
                <section aria-labelledby="h-{loan.Code}"><h2 id="h-{loan.Code}">{loan.Code}: loan to {loan.Borrower.Name}</h2>
                <dl><dt>Lend</dt><dd>{loan.Principal} over {loan.TermMonths} months</dd><dt>Interest</dt><dd>{Percent(loan.Facts.MonthlyRateBasisPoints)}% a month, {loan.Facts.Method.ToString().ToLowerInvariant()}: {schedule.TotalInterest} in all</dd><dt>Guarantors</dt><dd>{(guarantors.Length == 0 ? "none needed" : guarantors)}</dd><dt>Approvals</dt><dd>{loan.Approvals} of {loan.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(loan.Decisions, names)}</dd></dl>
                {Html.If(loan.Concerned.Contains(seat.Officer.Id), $"<p>You are the borrower or a guarantor: the other officers decide.</p>")}
                {DecisionForms.For(seat, loan.Code, token)}
                <p>In the chat: APPROVE {loan.Code} or REJECT {loan.Code} &lt;reason&gt;.</p></section>
                """);
        }));

    /// <summary>Basis points as the percent officers read: 150 is 1.5.</summary>
    private static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
