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
    /// The round a member approved today joins from: the first round after every round closed to joiners (its pot paid
    /// out, being paid, divided or being decided: a joiner owes every round from their first, so none of those may
    /// follow it) whose due date is still ahead (a round due today is already being collected, so the joiner starts
    /// with the next). Null when no round is left to join.
    /// </summary>
    public static Round? FirstRoundToJoin(IReadOnlyList<Round> rounds, IReadOnlySet<long> closedRounds, DateOnly today)
    {
        var lastClosed = rounds.Where(r => closedRounds.Contains(r.Id)).Select(r => r.Number).DefaultIfEmpty(0).Max();
        return rounds.OrderBy(r => r.Number).FirstOrDefault(r => r.Number > lastClosed && r.DueDate > today);
    }

    /// <summary>
    /// The joiner's own round: after the cycle's last round, one meeting period later, dated as the cycle's planning
    /// would have dated it (<see cref="Rotation.DueDateOf"/> from the first meeting, so a monthly cycle keeps its day of the
    /// month). The period is the cycle's own, read from its first two rounds: a frequency changed since applies from the
    /// next cycle.
    /// </summary>
    public static (int Number, DateOnly DueDate) AppendedRound(Cycle cycle, IReadOnlyList<Round> rounds, MeetingFrequency inForce)
    {
        var ordered = rounds.OrderBy(r => r.Number).ToList();
        var frequency = ordered.Count < 2 ? inForce : (ordered[1].DueDate.DayNumber - ordered[0].DueDate.DayNumber) switch
        {
            7 => MeetingFrequency.Weekly,
            14 => MeetingFrequency.Fortnightly,
            _ => MeetingFrequency.Monthly,
        };
        var last = ordered[^1];
        return (last.Number + 1, Rotation.DueDateOf(cycle.StartsOn, frequency, last.Number));
    }
}
