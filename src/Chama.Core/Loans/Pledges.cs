namespace Chama.Core;

/// <summary>
/// What each guarantor pledges from their own savings: an equal part of the share of the loan the constitution asks the
/// guarantors to cover, rounded up to the unit of payment so the pledges together always cover the share.
/// </summary>
public static class Pledges
{
    public static Money PerGuarantor(Money amount, LoanRules rules, long unit)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Guarantors == 0)
        {
            return Money.Zero(amount.Currency);
        }

        return LoanRounding.RoundUp(amount.Minor * (decimal)rules.GuaranteePercent / 100 / rules.Guarantors, amount.Currency, unit);
    }

    /// <summary>Refuses a pledge larger than the guarantor's savings not already pledged to other loans.</summary>
    public static void Check(Money guarantorSavings, Money alreadyPledged, Money pledge)
    {
        var free = guarantorSavings - alreadyPledged;
        if (free < pledge)
        {
            throw new ChamaException(
                ChamaError.GuarantorSavingsShort,
                $"The guarantor's pledge of {pledge} is more than their savings not already pledged ({Money.Max(free, Money.Zero(free.Currency))}).");
        }
    }
}
