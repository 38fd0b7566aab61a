namespace Chama.Core;

/// <summary>Where a member stands in a cycle: what they have paid, owe now, owe from past rounds, and hold as credit.</summary>
public sealed record MemberStatement(
    Member Member,
    Cycle Cycle,
    Round? CurrentRound,
    Money Paid,
    Money DueNow,
    Money Arrears,
    Money Credit,
    Money WelfarePaid,
    Round? TurnRound)
{
    /// <summary>
    /// Builds the statement from every round's summary. Rounds due before <paramref name="today"/> and not the current one
    /// count as arrears; money sitting in rounds after the current one (paid ahead) and credit not yet applied count as credit.
    /// </summary>
    public static MemberStatement For(
        Member member, Cycle cycle, IReadOnlyList<RoundSummary> rounds, DateOnly today, Money unappliedCredit, Money welfarePaid)
    {
        var zero = Money.Zero(cycle.Contribution.Currency);
        var current = rounds.FirstOrDefault(r => r.Round.DueDate >= today) ?? rounds.LastOrDefault();
        Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(zero, (sum, m) => sum + m);
        var mine = rounds.Select(r => (r.Round, Status: r.For(member.Id))).Where(x => x.Status is not null).ToList();

        return new MemberStatement(
            member,
            cycle,
            current?.Round,
            Paid: Sum(mine.Select(x => x.Status!.Paid)),
            DueNow: current?.For(member.Id)?.Remainder ?? zero,
            Arrears: Sum(mine.Where(x => current is not null && x.Round.Number < current.Round.Number).Select(x => x.Status!.Remainder)),
            Credit: unappliedCredit + Sum(mine.Where(x => current is not null && x.Round.Number > current.Round.Number).Select(x => x.Status!.Paid)),
            WelfarePaid: welfarePaid,
            TurnRound: rounds.Select(r => r.Round).FirstOrDefault(r => r.RecipientMemberId == member.Id));
    }
}
