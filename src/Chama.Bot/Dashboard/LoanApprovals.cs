using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Guaranteed loans (<c>L5</c>) waiting for the officers' quorum, on the approvals page: decided here through the same
/// store call as the chat's <c>APPROVE L5</c> / <c>REJECT L5 &lt;reason&gt;</c>; the borrower and the guarantors do not count.
/// </summary>
public static class LoanApprovals
{
    public static Markup Sections(IReadOnlyList<LoanApplication> open, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names, DateOnly today, MessageTexts texts) =>
        Markup.Join(open.Select(loan =>
        {
            var schedule = loan.ScheduleFrom(today);
            string L(string part, string pledge = "") => texts.Render(seat.Officer.Language, "dashboard_loan_approval", new
            {
                part,
                borrower = loan.Borrower.Name,
                principal = loan.Principal.ToString(),
                months = loan.TermMonths,
                rate = RuleChange.Percent(loan.Facts.MonthlyRateBasisPoints),
                reducing = loan.Facts.Method == InterestMethod.Reducing,
                total_interest = schedule.TotalInterest.ToString(),
                pledge,
            });
            var guarantors = string.Join(", ", loan.Guarantees.Select(g => $"{g.Member.Name} ({L("pledges", g.Pledge.ToString())})"));
            return Html.Of(
                $"""
                <section aria-labelledby="h-{loan.Code}"><h2 id="h-{loan.Code}">{loan.Code}: {L("title")}</h2>
                <dl><dt>{L("lend")}</dt><dd>{L("lend_value")}</dd><dt>{L("interest")}</dt><dd>{L("interest_value")}</dd><dt>{L("guarantors")}</dt><dd>{(guarantors.Length == 0 ? L("none") : guarantors)}</dd><dt>Approvals</dt><dd>{loan.Approvals} of {loan.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(loan.Decisions, names)}</dd></dl>
                {Html.If(loan.Concerned.Contains(seat.Officer.Id), $"<p>{L("concerned")}</p>")}
                {DecisionForms.For(seat, loan.Code, token)}
                <p>In the chat: APPROVE {loan.Code} or REJECT {loan.Code} &lt;reason&gt;.</p></section>
                """);
        }));
}
