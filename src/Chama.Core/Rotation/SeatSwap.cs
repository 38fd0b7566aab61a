namespace Chama.Core;

/// <summary>Where a swap stands: asked and waiting, or answered (or lapsed) once and for all.</summary>
public enum SwapState
{
    Requested,

    /// <summary>Consented to, but a member of it has arrears: waiting for the officers' approval.</summary>
    Held,
    Accepted,
    Declined,
    Expired,

    /// <summary>Held for the officers and not decided before the earlier of its rounds fell due (<see cref="HeldSwapLapse"/>).</summary>
    Lapsed,
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

/// <summary>
/// What a swap request, answer or officer's decision came to. Only Requested, Accepted, Declined, HeldForOfficers,
/// ApprovalRecorded and Rejected changed anything.
/// </summary>
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

    /// <summary>The requester owes on a round already due: the swap needs the officers (it is held for them once consented to).</summary>
    Arrears,

    /// <summary>The other member owes on a round already due: the swap needs the officers.</summary>
    CounterpartArrears,

    /// <summary>Consented to, with a member in arrears: held for the officers' approval.</summary>
    HeldForOfficers,

    /// <summary>An officer's approval of a held swap is recorded; the quorum is not reached yet.</summary>
    ApprovalRecorded,

    /// <summary>An officer rejected a held swap: it is closed and nothing was exchanged.</summary>
    Rejected,

    /// <summary>Only officers decide on a held swap.</summary>
    NotAnOfficer,

    /// <summary>An officer who is a party to the swap does not decide on it.</summary>
    OwnSwap,

    /// <summary>This officer has already decided on this swap.</summary>
    AlreadyDecided,

    /// <summary>No swap with that number is waiting for the officers.</summary>
    NotHeld,

    /// <summary>No open swap is waiting for this member's answer.</summary>
    NothingToAnswer,

    /// <summary>The swap was not answered in time.</summary>
    Expired,

    /// <summary>A round of the swap has changed hands since it was asked (another swap).</summary>
    RoundsChanged,

    /// <summary>The swap was held for the officers and lapsed undecided (<see cref="HeldSwapLapse"/>): a decision comes too late.</summary>
    Lapsed,
}
