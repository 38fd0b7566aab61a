namespace Chama.Core;

/// <summary>
/// A proposal to reverse a recorded payment (code <c>C4</c>), decided under the officers' quorum. The officer who recorded
/// the payment and the member it credits do not count: neither may undo or keep their own entry alone. Carried, it adds a
/// reversing entry; the payment itself is never changed.
/// </summary>
public sealed record PaymentCorrection(
    long Id,
    RecordedPayment Payment,
    long ProposerMemberId,
    string Reason,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required)
{
    public const int MaxReasonLength = 140;

    public string Code => DecisionKind.Correction.Code(Id);

    /// <summary>Closed once the payment is reversed, by this correction or another.</summary>
    public Ballot Ballot => new(Decisions, Required, Payment.RecordedByMemberId, Payment.Member.Id) { Done = Payment.Reversed };

    public int Approvals => Ballot.Approvals;

    public bool IsOpen => Ballot.IsOpen;
}

/// <summary>What proposing or voting on a correction came to.</summary>
public enum CorrectionOutcome
{
    Recorded,

    /// <summary>The quorum agreed: the reversing entry is in the ledger.</summary>
    Reversed,
    Rejected,
    NotAnOfficer,
    Concerned,
    AlreadyDecided,
    NotOpen,

    /// <summary>No recorded payment of the chama has that reference.</summary>
    Unknown,

    /// <summary>A correction of this payment is already waiting for the officers.</summary>
    AlreadyProposed,

    /// <summary>The payment has been reversed already.</summary>
    AlreadyReversed,

    /// <summary>The reversal cannot be made: the welfare fund no longer holds the money.</summary>
    CannotReverse,
}
