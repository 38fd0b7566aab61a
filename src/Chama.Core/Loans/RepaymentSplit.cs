namespace Chama.Core;

/// <summary>
/// How a repayment is applied: to the penalty owed first, then to the interest owed, then to the principal. What is
/// left after all three is <see cref="Excess"/>; the caller decides where it goes.
/// </summary>
public sealed record RepaymentSplit(Money Penalty, Money Interest, Money Principal, Money Excess)
{
    public static RepaymentSplit Apply(Money amount, Money penaltyOwed, Money interestOwed, Money principalOutstanding)
    {
        if (!amount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"A repayment must be more than zero, not {amount}.");
        }

        if (penaltyOwed.IsNegative || interestOwed.IsNegative || principalOutstanding.IsNegative)
        {
            throw new ChamaException(ChamaError.InvalidAmount, "What a loan owes cannot be less than zero.");
        }

        var penalty = Money.Min(amount, penaltyOwed);
        var left = amount - penalty;
        var interest = Money.Min(left, interestOwed);
        left -= interest;
        var principal = Money.Min(left, principalOutstanding);
        return new RepaymentSplit(penalty, interest, principal, left - principal);
    }

    /// <summary>The parts that went to the loan, as the ledger stores them.</summary>
    public LoanRepaymentParts Parts => new(Penalty, Interest, Principal);
}
