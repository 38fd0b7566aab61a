namespace Chama.Core;

public enum CycleStatus
{
    Planned,
    Active,
    Closed,
}

/// <summary>One full rotation: every member in the rotation receives the pot once.</summary>
public sealed record Cycle(long Id, long ChamaId, int Number, Money Contribution, CycleStatus Status, DateOnly StartsOn)
{
    /// <summary>How far ahead an officer may set a new cycle's first meeting.</summary>
    public const int MaxDaysAhead = 366;

    /// <summary>What is wrong with a first meeting on <paramref name="startsOn"/> seen on <paramref name="today"/>, or null.</summary>
    public static CycleGap? FirstMeetingGap(DateOnly startsOn, DateOnly today) =>
        startsOn < today ? CycleGap.MeetingPassed
        : startsOn > today.AddDays(MaxDaysAhead) ? CycleGap.MeetingTooFar
        : null;

    /// <summary>Refuses money for a cycle that is not running.</summary>
    public void EnsureAcceptsMoney()
    {
        switch (Status)
        {
            case CycleStatus.Closed:
                throw new ChamaException(ChamaError.CycleClosed, $"Cycle {Number} is closed: it takes no more contributions.");
            case CycleStatus.Planned:
                throw new ChamaException(ChamaError.CycleNotActive, $"Cycle {Number} has not started yet.");
            case CycleStatus.Active:
            default:
                return;
        }
    }
}

/// <summary>One meeting of a cycle: who receives the pot, when it is due, and what it should hold.</summary>
public sealed record Round(long Id, long CycleId, int Number, long RecipientMemberId, DateOnly DueDate, Money ExpectedPot);
