namespace Chama.Core;

/// <summary>One planned round before it is stored.</summary>
public sealed record PlannedRound(int Number, Member Recipient, DateOnly DueDate, Money ExpectedPot);

/// <summary>The order in which members receive the pot: by seat, never by join date or name.</summary>
public static class Rotation
{
    public static IReadOnlyList<Member> Order(IEnumerable<Member> members) =>
        members.Where(m => m.Active).OrderBy(m => m.Seat).ToList();

    /// <summary>Plans one round per member in seat order, the first on <paramref name="startsOn"/>, then one per period.</summary>
    public static IReadOnlyList<PlannedRound> Plan(IEnumerable<Member> members, Money contribution, DateOnly startsOn, MeetingFrequency frequency)
    {
        var order = Order(members);
        if (order.Count == 0)
        {
            throw new ChamaException(ChamaError.NoMembers, "A cycle needs at least one active member.");
        }

        if (!contribution.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, "The contribution must be more than zero.");
        }

        var pot = contribution.Times(order.Count);
        return order.Select((member, i) => new PlannedRound(i + 1, member, DueDateOf(startsOn, frequency, i), pot)).ToList();
    }

    public static DateOnly DueDateOf(DateOnly startsOn, MeetingFrequency frequency, int index) => frequency switch
    {
        MeetingFrequency.Weekly => startsOn.AddDays(7 * index),
        MeetingFrequency.Fortnightly => startsOn.AddDays(14 * index),
        MeetingFrequency.Monthly => startsOn.AddMonths(index),
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };
}
