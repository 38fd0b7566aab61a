namespace Chama.Core;

/// <summary>
/// An officer's proposal (code <c>J4</c>) that a member joins the running cycle instead of the next one, and the
/// officers' votes on it. As with rule changes, the proposer's vote is the first approval; the joining member's own
/// vote never counts, and one officer counts once. The member joins when the approvals reach the quorum in force.
/// </summary>
public sealed record JoinProposal(
    long Id,
    long ChamaId,
    long CycleId,
    Member Member,
    long ProposerMemberId,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required,
    CycleJoin? Join)
{
    public string Code => CodeFor(Id);

    /// <summary>The joining member never counts towards their own join.</summary>
    public Ballot Ballot => new(Decisions, Required, Member.Id) { Done = HasJoined };

    public int Approvals => Ballot.Approvals;

    public bool IsRejected => Ballot.IsRejected;

    public bool HasJoined => Join is not null;

    public bool IsOpen => !IsRejected && !HasJoined;

    public bool HasQuorum => Ballot.IsCarried;

    public static string CodeFor(long id) => DecisionKind.Join.Code(id);

    public static bool TryParseCode(string? text, out long id) => DecisionCode.TryParse(text, DecisionKind.Join.Letter(), out id);
}

/// <summary>What became of a proposal to join the running cycle, or of a vote on one.</summary>
public enum JoinOutcome
{
    /// <summary>Recorded; the proposal waits for more approvals.</summary>
    Recorded,

    /// <summary>Recorded, and the quorum was reached: the member is in the running cycle.</summary>
    Joined,

    /// <summary>Recorded: the proposal is declined and changes nothing.</summary>
    Rejected,
    NotAnOfficer,
    NoRunningCycle,
    UnknownMember,
    AlreadyInRotation,
    AlreadyProposed,
    NoRoundLeft,
    OwnJoin,
    AlreadyDecided,
    NotOpen,
    NoReason,
}
