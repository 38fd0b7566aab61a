namespace Chama.Core;

/// <summary>One member's savings and the loan they still owe, going into a share-out.</summary>
/// <param name="LoanOwed">Everything their loan still owes: principal, interest and penalties.</param>
public sealed record ShareOutInput(long MemberId, Money Savings, Money LoanOwed);

/// <summary>One member's line of a share-out: what they saved, what their savings earned, the loan taken from it and what they are paid.</summary>
public sealed record ShareOutLine(long MemberId, Money Savings, Money Earnings, Money LoanDeducted, Money Payout);

/// <summary>
/// The year-end share-out. Every member gets back their savings plus a share of what the fund earned (the interest and
/// penalties paid on loans) in proportion to their savings: a member who saved a tenth of all the savings gets a tenth
/// of the earnings. Shares are worked out to the cent (the smallest unit of the currency); a share is first rounded
/// down, and the cents this leaves over go one each to the members whose shares were rounded down the most (between
/// equals, to the member who joined first), so the shares add up exactly to the earnings. Anything a member still owes
/// on a loan is then taken from their savings and share, and the rest is paid to them.
/// </summary>
public static class ShareOut
{
    public static IReadOnlyList<ShareOutLine> Compute(IReadOnlyList<ShareOutInput> members, Money earnings)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (earnings.IsNegative || members.Any(m => m.Savings.IsNegative || m.LoanOwed.IsNegative))
        {
            throw new ChamaException(ChamaError.InvalidAmount, "Savings, earnings and loans owed in a share-out cannot be less than zero.");
        }

        if (members.Select(m => m.MemberId).Distinct().Count() != members.Count)
        {
            throw new ChamaException(ChamaError.InvalidAmount, "A member appears twice in the share-out.");
        }

        var totalSavings = members.Aggregate(Money.Zero(earnings.Currency), (sum, m) => sum + m.Savings);
        if (earnings.IsPositive && totalSavings.IsZero)
        {
            throw new ChamaException(ChamaError.ShareOutNotPossible, $"There are earnings of {earnings} to share but no savings to share them by.");
        }

        var shares = Shares(members, earnings.Minor, totalSavings.Minor);
        return members.Select((m, i) =>
        {
            var earned = new Money(shares[i], earnings.Currency);
            var deducted = Money.Min(m.LoanOwed, m.Savings + earned);
            return new ShareOutLine(m.MemberId, m.Savings, earned, deducted, m.Savings + earned - deducted);
        }).ToList();
    }

    // Largest remainders: floor each exact share, then one minor unit each to the largest remainders, lower member id first.
    private static long[] Shares(IReadOnlyList<ShareOutInput> members, long earnings, long totalSavings)
    {
        var shares = new long[members.Count];
        if (earnings == 0)
        {
            return shares;
        }

        var remainders = new Int128[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            var exact = (Int128)earnings * members[i].Savings.Minor;
            shares[i] = (long)(exact / totalSavings);
            remainders[i] = exact % totalSavings;
        }

        var leftOver = earnings - shares.Sum();
        var byRemainder = Enumerable.Range(0, members.Count).OrderByDescending(i => remainders[i]).ThenBy(i => members[i].MemberId);
        foreach (var i in byRemainder.Take((int)leftOver))
        {
            shares[i]++;
        }

        return shares;
    }
}
