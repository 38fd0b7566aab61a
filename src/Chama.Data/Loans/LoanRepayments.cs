using System.Data.Common;
using Chama.Core;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>
/// The one place money reaches a loan, whichever way it came (STK push, paybill, recorded by an officer): a
/// contribution to the 'Loan' fund under its receipt (unique across every fund), split by <see cref="RepaymentSplit"/>
/// penalty first, then interest, then principal, the excess kept as the borrower's savings, and the loan's 'Repaid'
/// event when nothing is owed any more; all in the caller's transaction.
/// </summary>
internal static class LoanRepayments
{
    /// <summary>
    /// Applies <paramref name="amount"/> to the loan. A loan closed since the member asked to pay it (repaid by another
    /// payment, or recovered) takes nothing more: the money is kept whole as the borrower's savings.
    /// </summary>
    public static async Task<LoanRepayment> ApplyAsync(
        DbTransaction transaction, long loanId, Money amount, Receipt receipt, Actor actor, DateTimeOffset now, long? paymentRequestId = null)
    {
        await OwningChama.EnterLoanAsync(transaction, loanId);
        var loan = await LoanBook.LoadAsync(transaction, loanId) ?? throw new ChamaException(ChamaError.LoanNotFound, $"There is no loan L{loanId}.");
        if (loan.Schedule is null)
        {
            throw new ChamaException(ChamaError.LoanNotOpen, $"Loan {loan.Code} has not been paid out: there is nothing to repay.");
        }

        if (amount.Currency != loan.Principal.Currency || !amount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"{amount} cannot repay loan {loan.Code} in {loan.Principal.Currency}.");
        }

        if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is not null)
        {
            throw new ChamaException(ChamaError.ReceiptConflict, $"Receipt {receipt} is already recorded for another payment.");
        }

        var today = DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime);
        var before = LoanPosition.Of(loan.Schedule, loan.Charges, loan.Repayments, today, graceDays: 0);
        var zero = Money.Zero(amount.Currency);
        var split = loan.IsRepaying
            ? RepaymentSplit.Apply(amount, before.PenaltyOwed, before.InterestOwed, before.PrincipalOutstanding)
            : new RepaymentSplit(zero, zero, zero, amount);
        var contribution = await ContributionRow.InsertAsync(transaction, loan.ChamaId, null, loan.MemberId, Fund.Loan, amount, receipt, now, paymentRequestId);
        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO loan_repayments (contribution_id, loan_id, penalty_minor, interest_minor, principal_minor, to_savings_minor)
            VALUES (@Id, @loanId, @Penalty, @Interest, @Principal, @Excess);
            """,
            new { contribution.Id, loanId, Penalty = split.Penalty.Minor, Interest = split.Interest.Minor, Principal = split.Principal.Minor, Excess = split.Excess.Minor },
            transaction);
        await Audit.RecordAsync(
            transaction,
            loan.ChamaId,
            actor,
            "loan.repayment",
            $"receipt:{receipt} member:{loan.MemberId} loan:{loanId} amount:{amount.Minor} penalty:{split.Penalty.Minor} interest:{split.Interest.Minor} principal:{split.Principal.Minor} savings:{split.Excess.Minor}",
            now);

        var after = LoanPosition.Of(loan.Schedule, loan.Charges, [.. loan.Repayments, split.Parts], today, graceDays: 0);
        var repaid = loan.IsRepaying && after.Repaid && await LoanBook.TryAddEventAsync(transaction, loanId, "Repaid", $"receipt:{receipt}", now);
        return new LoanRepayment(loanId, split, after.PrincipalOutstanding + after.InterestOwed + after.PenaltyOwed, repaid, after.Next, after.NextAmount);
    }

    /// <summary>The member's loan that is being repaid (paid out, not closed), if any: what <c>-L</c> and <c>RECORD … LOAN</c> pay.</summary>
    public static async Task<LoanFacts?> RepayingLoanOfAsync(DbTransaction transaction, long memberId) =>
        await LoanBook.OpenLoanOfAsync(transaction, memberId) is { IsRepaying: true } loan ? loan : null;
}
