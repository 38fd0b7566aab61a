namespace Chama.Core;

/// <summary>
/// The interest charged on a loan at the start of each month while principal is outstanding: on the day it is paid out
/// for month 1, then for each later month once the previous instalment has fallen due (see
/// <see cref="LoanPosition.InterestToCharge"/>). The ledger charges by this rule and the schedule is planned by it, so a
/// loan repaid on schedule is charged exactly the schedule's interest, and repaying early stops the interest that would
/// have followed: on a reducing-balance loan because the balance is smaller, on any loan once nothing is owed.
/// </summary>
public static class LoanInterest
{
    /// <summary>Flat: the rate on the amount first lent. Reducing: the rate on what is still owed. Zero once nothing is owed.</summary>
    public static Money ForPeriod(InterestMethod method, int monthlyRateBasisPoints, Money original, Money outstanding, long unit)
    {
        if (monthlyRateBasisPoints < 0)
        {
            throw new ChamaException(ChamaError.InvalidAmount, "Interest cannot be less than zero.");
        }

        return ForPeriod(method, MonthlyRate(monthlyRateBasisPoints), original, outstanding, unit);
    }

    /// <summary>Basis points a month as a fraction: 150 is 0.015.</summary>
    internal static decimal MonthlyRate(int monthlyRateBasisPoints) => monthlyRateBasisPoints / 10_000m;

    internal static Money ForPeriod(InterestMethod method, decimal rate, Money original, Money outstanding, long unit)
    {
        if (!outstanding.IsPositive)
        {
            return Money.Zero(original.Currency);
        }

        var on = method == InterestMethod.Flat ? original : outstanding;
        return LoanRounding.Round(on.Minor * rate, original.Currency, unit);
    }
}
