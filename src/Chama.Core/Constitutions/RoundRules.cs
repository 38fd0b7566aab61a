namespace Chama.Core;

/// <summary>
/// A change to the constitution applies from the next round, as a contribution change applies from the next cycle: a
/// round is governed by the version in force when the round began. Round 1 begins at the start (Nairobi midnight) of
/// its due date; every later round at the end of the previous round's due date.
/// </summary>
public static class RoundRules
{
    public static DateTimeOffset BeganAt(IReadOnlyList<Round> rounds, Round round)
    {
        var previous = rounds.Where(r => r.CycleId == round.CycleId && r.Number < round.Number).MaxBy(r => r.Number);
        return previous is null
            ? new DateTimeOffset(round.DueDate.ToDateTime(TimeOnly.MinValue), NairobiTime.Offset)
            : new DateTimeOffset(previous.DueDate.AddDays(1).ToDateTime(TimeOnly.MinValue), NairobiTime.Offset);
    }

    /// <summary>
    /// The rules for <paramref name="round"/> from the chama's versions (oldest first, each with when it was made): the
    /// last made before the round began, or the first version when every one is newer.
    /// </summary>
    public static Constitution For(IReadOnlyList<(DateTimeOffset MadeAt, Constitution Rules)> versions, IReadOnlyList<Round> rounds, Round round) =>
        For<Constitution>(versions, rounds, round);

    /// <summary>The same choice for one rule's values across the versions (the welfare levy, say).</summary>
    public static T For<T>(IReadOnlyList<(DateTimeOffset MadeAt, T Value)> versions, IReadOnlyList<Round> rounds, Round round)
    {
        var began = BeganAt(rounds, round);
        var made = versions.Where(v => v.MadeAt < began).ToList();
        return made.Count > 0 ? made[^1].Value : versions[0].Value;
    }
}
