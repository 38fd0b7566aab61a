namespace Chama.Core;

/// <summary>What is taken from one guarantor's pledged savings, and how it is applied to the loan.</summary>
public sealed record PledgeTaken(long MemberId, Money Amount, RepaymentSplit Split);

/// <summary>
/// How a defaulted loan is recovered from its guarantors' pledges. When the pledges together cover what is owed, each
/// guarantor gives the same share of their pledge (what is owed × their pledge ÷ all pledges), worked in the loan's unit
/// of payment: each share is rounded down to the unit and the units left over go one at a time to the largest
/// remainders (ties: the guarantor who pledged first), so the shares sum exactly to what is owed and none exceeds its
/// pledge. When the pledges do not cover it, each whole pledge is taken. Each guarantor's amount is applied like a
/// repayment, penalty first, then interest, then principal (<see cref="RepaymentSplit"/>), one after the other.
/// </summary>
public static class PledgeRecovery
{
    public static IReadOnlyList<PledgeTaken> Take(
        IReadOnlyList<(long MemberId, Money Pledge)> pledges, Money penaltyOwed, Money interestOwed, Money principalOutstanding, long unit)
    {
        ArgumentNullException.ThrowIfNull(pledges);
        LoanRounding.CheckUnit(unit);
        var owed = penaltyOwed + interestOwed + principalOutstanding;
        var amounts = Shares(pledges, owed, unit);
        var taken = new List<PledgeTaken>();
        for (var i = 0; i < pledges.Count; i++)
        {
            if (!amounts[i].IsPositive)
            {
                continue;
            }

            var split = RepaymentSplit.Apply(amounts[i], penaltyOwed, interestOwed, principalOutstanding);
            penaltyOwed -= split.Penalty;
            interestOwed -= split.Interest;
            principalOutstanding -= split.Principal;
            taken.Add(new PledgeTaken(pledges[i].MemberId, amounts[i] - split.Excess, split));
        }

        return taken;
    }

    private static Money[] Shares(IReadOnlyList<(long MemberId, Money Pledge)> pledges, Money owed, long unit)
    {
        var zero = Money.Zero(owed.Currency);
        var total = pledges.Aggregate(zero, (sum, p) => sum + p.Pledge);
        if (!owed.IsPositive || !total.IsPositive)
        {
            return [.. pledges.Select(_ => zero)];
        }

        if (owed >= total)
        {
            return [.. pledges.Select(p => p.Pledge)];
        }

        var exact = pledges.Select(p => (decimal)owed.Minor * p.Pledge.Minor / total.Minor).ToList();
        var shares = exact.Select(e => LoanRounding.RoundDown(e, owed.Currency, unit)).ToArray();
        var left = owed - shares.Aggregate(zero, (sum, s) => sum + s);
        var order = Enumerable.Range(0, pledges.Count).OrderByDescending(i => exact[i] - shares[i].Minor).ThenBy(i => i).ToList();
        while (left.IsPositive)
        {
            foreach (var i in order.Where(i => shares[i] < pledges[i].Pledge))
            {
                var more = Money.Min(Money.Min(new Money(unit, owed.Currency), left), pledges[i].Pledge - shares[i]);
                shares[i] += more;
                left -= more;
                if (!left.IsPositive)
                {
                    break;
                }
            }
        }

        return shares;
    }
}
