namespace Chama.Core;

/// <summary>
/// A member who joined a running cycle by the officers' approval: they owe every round from <see cref="FromRound"/> on
/// and receive the pot in <see cref="OwnRound"/>, the round appended for them at the end of the cycle. The rounds stored
/// before the join keep their stored expected pot; the ledger adds the joiner's contribution to those from
/// <see cref="FromRound"/> on.
/// </summary>
public sealed record CycleJoin(long MemberId, int FromRound, int OwnRound)
{
    /// <summary>True for a round before the joiner's first: they owe nothing in it.</summary>
    public bool IsBefore(int roundNumber) => roundNumber < FromRound;

    /// <summary>True for a round stored before the join that now expects the joiner: its stored pot does not count them.</summary>
    public bool AddsTo(int roundNumber) => roundNumber >= FromRound && roundNumber < OwnRound;

    /// <summary>
    /// The round a member approved today joins from: the first round whose pot is neither paid out nor being paid and
    /// whose due date is still ahead (a round due today is already being collected, so the joiner starts with the next).
    /// Null when no round is left to join.
    /// </summary>
    public static Round? FirstRoundToJoin(IReadOnlyList<Round> rounds, IReadOnlySet<long> paidOutRounds, DateOnly today) =>
        rounds.OrderBy(r => r.Number).FirstOrDefault(r => !paidOutRounds.Contains(r.Id) && r.DueDate > today);

    /// <summary>The joiner's own round: after the cycle's last round, one meeting period later.</summary>
    public static (int Number, DateOnly DueDate) AppendedRound(Round last, MeetingFrequency frequency) =>
        (last.Number + 1, Rotation.DueDateOf(last.DueDate, frequency, 1));
}
