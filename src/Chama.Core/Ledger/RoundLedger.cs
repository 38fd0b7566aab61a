namespace Chama.Core;

/// <summary>The pure rules of a round's pot: statuses, totals, defaulters and over-payment.</summary>
public static class RoundLedger
{
    /// <summary>
    /// Summarises a round for the members of its rotation (seat order), each owing <paramref name="due"/>. A member who
    /// has left (<paramref name="leftFrom"/>: member to the first round no longer expected of them) owes nothing from that
    /// round on, and the round's expected pot is smaller by their contribution; earlier rounds read as they stood.
    /// </summary>
    public static RoundSummary Summarise(Round round, IReadOnlyList<Member> rotation, Money due, IEnumerable<PotEntry> entries, IReadOnlyDictionary<long, int>? leftFrom = null)
    {
        var zero = Money.Zero(due.Currency);
        bool Left(Member m) => leftFrom is not null && leftFrom.TryGetValue(m.Id, out var from) && round.Number >= from;

        var paidByMember = entries
            .GroupBy(e => e.MemberId)
            .ToDictionary(g => g.Key, g => g.Aggregate(Money.Zero(due.Currency), (sum, e) => sum + e.Effect));

        var statuses = rotation
            .OrderBy(m => m.Seat)
            .Select(m => new MemberRoundStatus(m, Left(m) ? zero : due, paidByMember.GetValueOrDefault(m.Id, zero)))
            .ToList();
        var released = due.Times(rotation.Count(Left));

        var recipient = rotation.FirstOrDefault(m => m.Id == round.RecipientMemberId)
            ?? throw new ChamaException(ChamaError.UnknownMember, $"Round {round.Number}'s recipient is not in the rotation.");
        return new RoundSummary(released.IsZero ? round : round with { ExpectedPot = round.ExpectedPot - released }, recipient, statuses);
    }

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
