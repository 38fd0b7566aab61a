namespace Chama.Core;

/// <summary>The pure rules of a round's pot: statuses, totals, defaulters and over-payment.</summary>
public static class RoundLedger
{
    /// <summary>
    /// Summarises a round for the members of its rotation (seat order), each owing <paramref name="due"/>. A member who
    /// has left (<paramref name="leftFrom"/>: member to the first round no longer expected of them) owes nothing from that
    /// round on, and the round's expected pot is smaller by their contribution; earlier rounds read as they stood. A member
    /// who joined the running cycle (<paramref name="joins"/>) owes nothing before their first round and the contribution
    /// from it on; a round stored before the join expects their contribution on top of its stored pot.
    /// </summary>
    public static RoundSummary Summarise(
        Round round,
        IReadOnlyList<Member> rotation,
        Money due,
        IEnumerable<PotEntry> entries,
        IReadOnlyDictionary<long, int>? leftFrom = null,
        IReadOnlyDictionary<long, CycleJoin>? joins = null)
    {
        var zero = Money.Zero(due.Currency);
        bool Left(Member m) => leftFrom is not null && leftFrom.TryGetValue(m.Id, out var from) && round.Number >= from;
        bool NotYetJoined(Member m) => DueFrom(m.Id, round.Number, due, joins).IsZero;
        bool Added(Member m) => joins is not null && joins.TryGetValue(m.Id, out var join) && join.AddsTo(round.Number);

        var paidByMember = entries
            .GroupBy(e => e.MemberId)
            .ToDictionary(g => g.Key, g => g.Aggregate(Money.Zero(due.Currency), (sum, e) => sum + e.Effect));

        var statuses = rotation
            .OrderBy(m => m.Seat)
            .Select(m => new MemberRoundStatus(m, Left(m) || NotYetJoined(m) ? zero : due, paidByMember.GetValueOrDefault(m.Id, zero)))
            .ToList();

        // The stored pot counts the rotation as it stood when the round was made: a leaver it counted is released, a
        // joiner it did not count is added.
        var released = due.Times(rotation.Count(m => Left(m) && !NotYetJoined(m)));
        var added = due.Times(rotation.Count(Added));

        var recipient = rotation.FirstOrDefault(m => m.Id == round.RecipientMemberId)
            ?? throw new ChamaException(ChamaError.UnknownMember, $"Round {round.Number}'s recipient is not in the rotation.");
        return new RoundSummary(
            released.IsZero && added.IsZero ? round : round with { ExpectedPot = round.ExpectedPot + added - released }, recipient, statuses);
    }

    /// <summary>What a member owes in a round: nothing before a joiner's first round, else the contribution.</summary>
    public static Money DueFrom(long memberId, int roundNumber, Money due, IReadOnlyDictionary<long, CycleJoin>? joins) =>
        joins is not null && joins.TryGetValue(memberId, out var join) && join.IsBefore(roundNumber) ? Money.Zero(due.Currency) : due;

    /// <summary>What a member has paid into a round, net of credit moved in or out.</summary>
    public static Money PaidBy(long memberId, Money due, IEnumerable<PotEntry> entries) =>
        entries.Where(e => e.MemberId == memberId).Aggregate(Money.Zero(due.Currency), (sum, e) => sum + e.Effect);

    /// <summary>The part of a member's payments beyond what the round asks, which becomes credit (zero if none).</summary>
    public static Money Excess(Money due, Money paid) => paid > due ? paid - due : Money.Zero(due.Currency);

    /// <summary>Refuses amounts that cannot be a payment.</summary>
    public static void EnsurePayable(Money amount, string currency)
    {
        if (!amount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"{amount} is not a payment: amounts must be more than zero.");
        }

        if (amount.Currency != currency)
        {
            throw new ChamaException(ChamaError.CurrencyMismatch, $"This chama counts in {currency}, not {amount.Currency}.");
        }
    }
}
