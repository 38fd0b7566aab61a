using Chama.Conversations.Commands.Loans;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Recoveries of defaulted loans from their guarantors' pledges (<c>K5</c>) waiting for the officers' quorum, on the
/// approvals page: decided here through the same store call as the chat's <c>APPROVE K5</c> / <c>REJECT K5 &lt;reason&gt;</c>;
/// the borrower and the guarantors do not count.
/// </summary>
public static class RecoveryApprovals
{
    public static Markup Sections(
        IReadOnlyList<(LoanRecovery Recovery, LoanLife Loan)> open, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names, MessageTexts texts, DateOnly today) =>
        Markup.Join(open.Select(item =>
        {
            var (recovery, loan) = item;
            var position = loan.Position(today, seat.Chama.Constitution.GraceDays);
            string Say(string part) => LoanPages.Say(texts, seat, part, loan.Facts, loan.Borrower.Name, position);
            var pledges = string.Join(", ", loan.Guarantors.Where(g => g.Accepted == true).Select(g => $"{g.Member.Name} {g.Pledge}"));
            return Html.Of(
                $"""
                <section aria-labelledby="h-{recovery.Code}"><h2 id="h-{recovery.Code}">{recovery.Code}: {Say("recovery_title")}</h2>
                <dl><dt>{Say("owed")}</dt><dd>{LoanLifeNotices.Owed(position)}</dd><dt>{Say("pledges")}</dt><dd>{pledges}</dd><dt>{Say("proposed_by")}</dt><dd>{names.GetValueOrDefault(recovery.ProposerMemberId, "?")}</dd><dt>Approvals</dt><dd>{recovery.Approvals} of {recovery.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(recovery.Decisions, names)}</dd></dl>
                {Html.If(recovery.Ballot.Excluded.Contains(seat.Officer.Id), $"<p>{Say("recovery_concerned")}</p>")}
                {DecisionForms.For(seat, recovery.Code, token)}
                <p>In the chat: APPROVE {recovery.Code} or REJECT {recovery.Code} &lt;reason&gt;.</p></section>
                """);
        }));
}
