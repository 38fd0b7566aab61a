namespace Chama.Core;

/// <summary>Where a member stands in a cycle: what they have paid, owe now, owe from past rounds, owe in fines, and hold as credit.</summary>
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
    /// <summary>Late fines charged and neither waived nor paid, across every round.</summary>
    public Money FinesOwed { get; init; } = Money.Zero(Cycle.Contribution.Currency);

    /// <summary>
    /// The welfare levy (Rule 4) not yet paid this cycle: the levy for every round up to the current one that expects
    /// the member, each at the levy in force when that round began (a change applies from the next round), less what
    /// they have paid into the welfare fund since the cycle began (paid fines not counted).
    /// </summary>
    public Money LevyOwed { get; init; } = Money.Zero(Cycle.Contribution.Currency);

    /// <summary>The round being collected on <paramref name="today"/>: the first not yet past its due date, else the last.</summary>
    public static Round? CurrentRoundOf(IReadOnlyList<Round> rounds, DateOnly today) =>
        rounds.FirstOrDefault(r => r.DueDate >= today) ?? rounds.LastOrDefault();

    /// <summary>
    /// Builds the statement from the cycle's rounds (in round order) and what the member has paid into each, net of
    /// credit moved in or out (a round missing from <paramref name="paidByRound"/> has nothing paid). Rounds due before
    /// <paramref name="today"/> and not the current one count as arrears; money sitting in rounds after the current one
    /// (paid ahead) and credit not yet applied count as credit. A member who joined the running cycle (<paramref name="join"/>)
    /// owes nothing in the rounds before their first.
    /// </summary>
    public static MemberStatement For(
        Member member,
        Cycle cycle,
        IReadOnlyList<Round> rounds,
        IReadOnlyDictionary<long, Money> paidByRound,
        DateOnly today,
        Money unappliedCredit,
        Money welfarePaid,
        Money? finesOwed = null,
        CycleJoin? join = null,
        Func<Round, Money>? levyFor = null,
        Money? welfarePaidThisCycle = null)
    {
        var due = cycle.Contribution;
        var zero = Money.Zero(due.Currency);
        var current = CurrentRoundOf(rounds, today);
        Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(zero, (sum, m) => sum + m);
        var mine = rounds.Select(r => (Round: r, Status: new MemberRoundStatus(member, join is not null && join.IsBefore(r.Number) ? zero : due, paidByRound.GetValueOrDefault(r.Id, zero)))).ToList();

        return new MemberStatement(
            member,
            cycle,
            current,
            Paid: Sum(mine.Select(x => x.Status.Paid)),
            DueNow: mine.Where(x => x.Round == current).Select(x => x.Status.Remainder).FirstOrDefault(zero),
            Arrears: Sum(mine.Where(x => current is not null && x.Round.Number < current.Number).Select(x => x.Status.Remainder)),
            Credit: unappliedCredit + Sum(mine.Where(x => current is not null && x.Round.Number > current.Number).Select(x => x.Status.Paid)),
            WelfarePaid: welfarePaid,
            TurnRound: rounds.FirstOrDefault(r => r.RecipientMemberId == member.Id))
        {
            FinesOwed = finesOwed ?? zero,
            LevyOwed = Money.Max(zero, Sum(LeviedRounds().Select(r => levyFor?.Invoke(r) ?? zero)) - (welfarePaidThisCycle ?? zero)),
        };

        IEnumerable<Round> LeviedRounds() => current is null ? [] : mine.Where(x => x.Round.Number <= current.Number && x.Status.Due.IsPositive).Select(x => x.Round);
    }
}
