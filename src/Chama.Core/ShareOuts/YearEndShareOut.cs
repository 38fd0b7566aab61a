namespace Chama.Core;

/// <summary>
/// The share-out worked out in the chama's unit of payment (<see cref="LoanRounding.UnitOf"/>): whole shillings for a
/// KES chama, since M-Pesa pays nothing smaller, so every line can be paid as it stands. <see cref="ShareOut.Compute"/>
/// does the sharing on amounts counted in that unit; where some amount is not a whole number of units (a payment
/// recorded with cents), the sharing is done to the minor unit instead.
/// </summary>
public static class YearEndShareOut
{
    public static IReadOnlyList<ShareOutLine> Compute(IReadOnlyList<ShareOutInput> members, Money earnings)
    {
        ArgumentNullException.ThrowIfNull(members);
        var unit = LoanRounding.UnitOf(earnings.Currency);
        var amounts = members.SelectMany(m => new[] { m.Savings, m.LoanOwed }).Append(earnings);
        if (unit == 1 || amounts.Any(a => a.Minor % unit != 0))
        {
            return ShareOut.Compute(members, earnings);
        }

        var inUnits = ShareOut.Compute(members.Select(m => m with { Savings = Down(m.Savings, unit), LoanOwed = Down(m.LoanOwed, unit) }).ToList(), Down(earnings, unit));
        return inUnits.Select(l => new ShareOutLine(l.MemberId, Up(l.Savings, unit), Up(l.Earnings, unit), Up(l.LoanDeducted, unit), Up(l.Payout, unit))).ToList();
    }

    private static Money Down(Money amount, long unit) => new(amount.Minor / unit, amount.Currency);

    private static Money Up(Money amount, long unit) => new(amount.Minor * unit, amount.Currency);
}
