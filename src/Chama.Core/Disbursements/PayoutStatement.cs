namespace Chama.Core;

/// <summary>
/// What an officer read on the M-Pesa statement for a payout M-Pesa never confirmed (code <c>U3</c>): paid, with the
/// statement's receipt, or not paid. It settles the payout only when the officers' quorum agrees, never counting the
/// recipient: one officer alone could otherwise mark an unpaid pot paid, or free a paid one for a second payout.
/// </summary>
public sealed record PayoutStatement(
    long Id,
    Disbursement Payout,
    bool Paid,
    string? Receipt,
    long ProposerMemberId,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required)
{
    public string Code => DecisionKind.Statement.Code(Id);

    /// <summary>Closed once the payout is settled, by this statement or otherwise.</summary>
    public Ballot Ballot => new(Decisions, Required, Payout.RecipientMemberId) { Done = Payout.Status is not DisbursementStatus.Unconfirmed };

    public int Approvals => Ballot.Approvals;

    public bool IsOpen => Ballot.IsOpen;
}

/// <summary>What a statement proposal or a vote on one came to.</summary>
public enum StatementOutcome
{
    Recorded,

    /// <summary>The quorum agreed: the payout is settled as the statement shows.</summary>
    Settled,
    Rejected,
    NotAnOfficer,
    Concerned,
    AlreadyDecided,
    NotOpen,

    /// <summary>No payout of that code is waiting for its statement to be checked.</summary>
    NotUnconfirmed,

    /// <summary>A statement for this payout is already waiting for the officers.</summary>
    AlreadyProposed,
}
