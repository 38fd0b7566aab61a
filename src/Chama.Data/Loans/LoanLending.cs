using System.Data.Common;
using Chama.Core;
using Chama.Data.Savings;

namespace Chama.Data.Loans;

/// <summary>
/// The facts a loan is checked against (<see cref="LoanLimits"/>), read in the caller's transaction: the borrower's
/// savings, whether they have another loan open, the pooled fund, and what is lent out (paid out and not repaid, and
/// approved and not yet paid out).
/// </summary>
internal static class LoanLending
{
    public static async Task<LoanRequestFacts> FactsAsync(DbTransaction transaction, ChamaGroup chama, long borrowerId, Money amount, int termMonths, long exceptLoan = 0)
    {
        var fund = await SavingsBook.FundAsync(transaction, chama.Id, chama.Currency);
        var promised = await LoanApplications.ApprovedNotPaidAsync(transaction, chama.Id, chama.Currency, exceptLoan);
        var open = await LoanBook.OpenLoanOfAsync(transaction, borrowerId);
        return new LoanRequestFacts(
            amount,
            termMonths,
            chama.Constitution.Lending,
            await SavingsBook.MemberSavingsAsync(transaction, borrowerId, chama.Currency),
            open is not null && open.Id != exceptLoan,
            fund.Savings + fund.Earnings,
            fund.LentOut + promised);
    }

    /// <summary>
    /// Refuses a guarantor whose savings not already pledged to other open loans fall short of <paramref name="pledge"/>;
    /// <paramref name="alreadyCounted"/> is this loan's own pledge when the member's pledges already count it.
    /// </summary>
    public static async Task CheckPledgeAsync(DbTransaction transaction, long guarantorId, Money pledge, Money alreadyCounted)
    {
        var savings = await SavingsBook.MemberSavingsAsync(transaction, guarantorId, pledge.Currency);
        var pledged = await SavingsBook.PledgedAsync(transaction, guarantorId, pledge.Currency);
        Pledges.Check(savings, pledged - alreadyCounted, pledge);
    }
}
