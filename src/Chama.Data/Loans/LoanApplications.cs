using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Disbursements;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>
/// Reads a loan as its guarantors and the officers act on it: its facts from <see cref="LoanBook"/>, with its borrower
/// and guarantors as members and the officers' votes on the current attempt at paying it.
/// </summary>
internal static class LoanApplications
{
    public static async Task<LoanApplication?> FindAsync(DbTransaction transaction, long chamaId, long loanId) =>
        await LoanBook.LoadAsync(transaction, loanId) is { } facts && facts.ChamaId == chamaId ? await OfAsync(transaction, facts) : null;

    /// <summary>The loans of a chama waiting for the officers' decision, oldest first.</summary>
    public static async Task<IReadOnlyList<LoanApplication>> WithOfficersAsync(DbTransaction transaction, long chamaId)
    {
        var open = new List<LoanApplication>();
        foreach (var facts in await LoanBook.OpenLoansAsync(transaction, chamaId))
        {
            if ((facts.Stage is LoanStage.WithOfficers or LoanStage.Approved) && await OfAsync(transaction, facts) is { WithOfficers: true } loan)
            {
                open.Add(loan);
            }
        }

        return open;
    }

    /// <summary>
    /// Principal approved and not yet paid out, other than <paramref name="except"/>: the fund has promised it, so it
    /// counts as lent when a loan is checked against the lend percent.
    /// </summary>
    public static async Task<Money> ApprovedNotPaidAsync(DbTransaction transaction, long chamaId, string currency, long except = 0) =>
        (await LoanBook.OpenLoansAsync(transaction, chamaId))
            .Where(loan => loan.Stage == LoanStage.Approved && loan.Id != except)
            .Aggregate(Money.Zero(currency), (sum, loan) => sum + loan.Principal);

    private static async Task<LoanApplication> OfAsync(DbTransaction transaction, LoanFacts facts)
    {
        var connection = transaction.Connection!;
        var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @ChamaId;", new { facts.ChamaId }, transaction))
            .Select(r => r.ToMember()).ToDictionary(m => m.Id);
        var chama = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { facts.ChamaId }, transaction)).ToChama();
        var attempt = await DisbursementStore.CurrentAttemptAsync(transaction, ApprovalKind.Loan, facts.Id);
        return new LoanApplication(
            facts,
            members[facts.MemberId],
            facts.Guarantors.Select(g => new Guarantee(members[g.MemberId], g.Pledge, g.Answer)).ToList(),
            await DecisionVotes.ReadAsync(transaction, DecisionKind.Loan, facts.Id, attempt),
            chama.Constitution.ApprovalsRequired,
            attempt,
            await DisbursementStore.LiveAttemptsAsync(transaction, ApprovalKind.Loan, facts.Id) > 0);
    }
}
