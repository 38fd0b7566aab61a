namespace Chama.Core;

/// <summary>
/// A swap held for the officers lapses, undecided, when the earlier of its two rounds falls due (00:00 Nairobi time on
/// that round's due date). From then that round's pot is being collected and paid out, so changing who receives it can no
/// longer be done safely; there is no fixed time after the hold, because the due date is what makes a late decision unsafe.
/// </summary>
public static class HeldSwapLapse
{
    /// <summary>The one of the swap's two rounds that falls due first.</summary>
    public static Round FirstDue(Round requesterRound, Round counterpartRound) =>
        requesterRound.DueDate <= counterpartRound.DueDate ? requesterRound : counterpartRound;

    /// <summary>The moment the held swap lapses: no officer's decision counts from then on.</summary>
    public static DateTimeOffset At(Round requesterRound, Round counterpartRound) =>
        new(FirstDue(requesterRound, counterpartRound).DueDate.ToDateTime(TimeOnly.MinValue), NairobiTime.Offset);
}
