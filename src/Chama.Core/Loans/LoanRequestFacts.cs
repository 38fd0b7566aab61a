namespace Chama.Core;

/// <summary>What a loan request is checked against.</summary>
/// <param name="BorrowerSavings">The borrower's savings now.</param>
/// <param name="BorrowerHasOpenLoan">The borrower has a loan requested or not yet repaid.</param>
/// <param name="PooledFund">The chama's savings and what they have earned (<see cref="LendingFund.Pooled"/>).</param>
/// <param name="LentOut">Principal lent and not yet repaid, including loans approved and not yet paid out.</param>
public sealed record LoanRequestFacts(
    Money Amount,
    int TermMonths,
    LoanRules Rules,
    Money BorrowerSavings,
    bool BorrowerHasOpenLoan,
    Money PooledFund,
    Money LentOut);
