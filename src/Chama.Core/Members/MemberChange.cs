namespace Chama.Core;

/// <summary>
/// A proposed change to one of the doors to the money, decided under the officers' quorum: a member's officer roles
/// (code <c>O3</c>) or the phone their payouts go to (code <c>N4</c>). The member concerned never counts towards it;
/// the proposer's proposal is their approval unless it is their own change. The change is made when the approvals
/// reach the quorum in force, and not before.
/// </summary>
public sealed record MemberChange(
    long Id,
    long ChamaId,
    DecisionKind Kind,
    Member Member,
    MemberRoles? Roles,
    PhoneNumber? ReceivePhone,
    long ProposerMemberId,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required,
    DateTimeOffset? MadeAt)
{
    public string Code => Kind.Code(Id);

    public Ballot Ballot => new(Decisions, Required, Member.Id) { Done = MadeAt is not null };

    public int Approvals => Ballot.Approvals;

    public bool IsOpen => Ballot.IsOpen;

    /// <summary>Whether this change gives the member no officer role at all, or takes one away.</summary>
    public bool RemovesARole => Kind == DecisionKind.Role && (Member.Roles & ~Roles!.Value) != 0;

    public static bool IsMemberChange(DecisionKind kind) => kind is DecisionKind.Role or DecisionKind.PayoutPhone;
}

/// <summary>What a proposal or a vote on a member change came to.</summary>
public enum MemberChangeOutcome
{
    /// <summary>Recorded; the change waits for more approvals.</summary>
    Recorded,

    /// <summary>Recorded, and the quorum reached: the change is made.</summary>
    Made,

    /// <summary>Recorded: the change is rejected and nothing changes.</summary>
    Rejected,
    NotAnOfficer,
    Concerned,
    AlreadyDecided,
    NotOpen,
    UnknownMember,

    /// <summary>The proposal asks for what the member already has.</summary>
    NoChange,

    /// <summary>The same change of this member is already waiting for the officers.</summary>
    AlreadyProposed,

    /// <summary>Officers have begun approving a payout to the member: the phone cannot change under their approvals.</summary>
    PayoutBeingApproved,
}

/// <summary>When a new payout phone may receive: the constitution's delay after the change was made (Rule 9).</summary>
public static class PayoutPhoneDelay
{
    public static DateTimeOffset ReceivesFrom(DateTimeOffset changedAt, Constitution rules) => changedAt + TimeSpan.FromHours(rules.PayoutPhoneDelayHours);
}
