namespace Chama.Core;

/// <summary>Where a swap stands: asked and waiting, or answered (or lapsed) once and for all.</summary>
public enum SwapState
{
    Requested,
    Accepted,
    Declined,
    Expired,
}

/// <summary>
/// One member's request to exchange turns with another: the two rounds of the running cycle whose recipients would be
/// exchanged, and the answer, if any. The counterpart must answer within <see cref="AnswerWithin"/>.
/// </summary>
public sealed record SeatSwap(
    long Id,
    long ChamaId,
    long CycleId,
    long RequesterMemberId,
    long CounterpartMemberId,
    long RequesterRoundId,
    long CounterpartRoundId,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    SwapState State,
    DateTimeOffset? DecidedAt)
{
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromHours(48);

    /// <summary>Still waiting for the counterpart at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now) => State == SwapState.Requested && now <= ExpiresAt;
}

/// <summary>What a swap request or answer came to. Anything but Requested, Accepted and Declined changed nothing.</summary>
public enum SwapOutcome
{
    Requested,
    Accepted,
    Declined,

    /// <summary>No running cycle, or the member receives no round in it.</summary>
    NoRound,

    /// <summary>No active member of the chama sits on that seat, or they receive no round.</summary>
    UnknownSeat,
    OwnSeat,

    /// <summary>One of the two rounds is before the current round.</summary>
    RoundPassed,

    /// <summary>One of the two rounds has a payout being made or made, or officers have started approving it.</summary>
    RoundBeingPaid,

    /// <summary>The requester owes on a round already due: officers must arrange it.</summary>
    Arrears,

    /// <summary>The other member owes on a round already due: officers must arrange it.</summary>
    CounterpartArrears,

    /// <summary>No open swap is waiting for this member's answer.</summary>
    NothingToAnswer,

    /// <summary>The swap was not answered in time.</summary>
    Expired,

    /// <summary>A round of the swap has changed hands since it was asked (another swap).</summary>
    RoundsChanged,
}
