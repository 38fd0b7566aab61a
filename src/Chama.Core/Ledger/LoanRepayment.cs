namespace Chama.Core;

/// <summary>
/// What one repayment did to a loan: how it was split (the excess went to the borrower's savings), what the loan still
/// owes after it, whether that cleared it, and the next instalment to pay.
/// </summary>
public sealed record LoanRepayment(long LoanId, RepaymentSplit Split, Money Outstanding, bool Repaid, Instalment? Next, Money NextAmount)
{
    public string LoanCode => $"L{LoanId}";
}
