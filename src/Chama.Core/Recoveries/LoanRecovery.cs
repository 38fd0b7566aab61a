namespace Chama.Core;

/// <summary>
/// The officers' decision to recover a defaulted loan from its guarantors' pledged savings (code <c>K5</c> for loan 5).
/// The borrower and the guarantors never count: the decision is about their money. A rejected proposal closes its
/// attempt; an officer may propose again, and the new attempt is voted on afresh.
/// </summary>
public sealed record LoanRecovery(
    long LoanId,
    int Attempt,
    long BorrowerMemberId,
    IReadOnlyList<long> GuarantorMemberIds,
    long ProposerMemberId,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required,
    bool Done)
{
    public string Code => DecisionKind.Recovery.Code(LoanId);

    public Ballot Ballot => new(Decisions, Required, [BorrowerMemberId, .. GuarantorMemberIds]) { Done = Done };

    public int Approvals => Ballot.Approvals;

    public bool IsOpen => Ballot.IsOpen;
}

/// <summary>What proposing or deciding a recovery came to.</summary>
public enum RecoveryOutcome
{
    Recorded,

    /// <summary>The quorum agreed: the pledges are moved onto the loan and the loan is closed.</summary>
    Recovered,
    Rejected,
    NotAnOfficer,
    Concerned,
    AlreadyDecided,
    NotOpen,

    /// <summary>The chama has no loan paid out with that number.</summary>
    Unknown,

    /// <summary>The loan has not fallen into default: nothing may be taken from its guarantors.</summary>
    NotDefaulted,

    /// <summary>The loan is repaid or recovered already.</summary>
    Closed,

    /// <summary>A recovery of this loan is already waiting for the officers.</summary>
    AlreadyProposed,
}
