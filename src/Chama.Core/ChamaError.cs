namespace Chama.Core;

/// <summary>Every way the rules can refuse a request. Each refusal has its own code so callers and tests can tell them apart.</summary>
public enum ChamaError
{
    InvalidAmount,
    CurrencyMismatch,
    InvalidPhone,
    InvalidReceipt,
    ReceiptConflict,
    UnknownChama,
    UnknownMember,
    UnknownRound,
    UnknownCycle,
    MemberInactive,
    CycleClosed,
    CycleNotActive,
    ActiveCycleExists,
    NoMembers,
    SeatTaken,
    InvalidSeat,
    PhoneAlreadyMember,
    ChamaCodeTaken,
    InvalidChama,
    InvalidConstitution,
    InsufficientWelfareFunds,
    UnknownWelfareRequest,
    WelfareRequestClosed,
    NotAnOfficer,
    UnknownPayment,
    UnknownFine,
    FineSettled,
    OwnFine,
    OwnExit,
    InvalidCycleDate,
    PotBeingApproved,

    /// <summary>The change opens a door to the money (officer roles, an officer's phone): the officers' quorum decides it.</summary>
    OfficersMustDecide,

    PayoutNotUnconfirmed,

    /// <summary>Some payout could not reach its quorum of officers (see <see cref="QuorumReach"/>).</summary>
    QuorumUnreachable,

    /// <summary>A payout recorded as paid by hand must be approved, past any cooling-off, one M-Pesa cannot send, and not yet paid.</summary>
    PayoutNotPayableByHand,

    /// <summary>An officer may not pay out, or record as paid, a payout to themselves.</summary>
    OwnPayout,

    /// <summary>The chama has no account of that kind (a bank account is opened from the command line).</summary>
    NoSuchAccount,

    /// <summary>Only the recipient of a payout paid by hand can say it was received, and only once it is recorded.</summary>
    NotYourPayout,

    /// <summary>Not an active ISO 4217 currency code (see <see cref="Currencies"/>).</summary>
    UnknownCurrency,

    /// <summary>M-Pesa moves only Kenyan shillings, to and from Kenyan numbers (see <see cref="MpesaReach"/>): an officer records the payment instead.</summary>
    MpesaUnavailable,

    /// <summary>An exchange rate an officer typed that cannot be one.</summary>
    InvalidRate,

    /// <summary>A recorded payment's note is too long.</summary>
    InvalidNote,

    /// <summary>A cycle asked to start while a condition is missing (see <see cref="CycleReadiness"/>).</summary>
    CycleNotReady,

    /// <summary>A founder's chama code is not 3 to 8 letters and digits starting with a letter.</summary>
    InvalidChamaCode,

    /// <summary>A date that could not be read.</summary>
    InvalidDate,

    /// <summary>Self-service founding is off (<c>Onboarding:Open=false</c>): the operator creates chamas.</summary>
    OnboardingClosed,

    /// <summary>The phone founded as many chamas in the last 24 hours as it may.</summary>
    FoundingLimitReached,

    /// <summary>The phone has no chama set-up open.</summary>
    NoOpenSetup,

    /// <summary>The set-up has steps not yet answered.</summary>
    SetupIncomplete,

    /// <summary>The chama waits for the operator's approval: nothing may be done in it yet.</summary>
    ChamaAwaitsApproval,

    /// <summary>The chama does not wait for an approval (never did, or already has it).</summary>
    NotAwaitingApproval,

    /// <summary>Only the chair names the first officers (an invitation with an officer role before the first cycle).</summary>
    OnlyChairNamesOfficers,

    /// <summary>The phone has an invitation of this chama that is waiting, was declined or lapsed: it is invited once unless it answers.</summary>
    AlreadyInvited,

    /// <summary>The seat already has an invitation waiting for its answer.</summary>
    SeatInvited,

    /// <summary>The chama's constitution lends nothing (its loan multiple of savings is zero).</summary>
    LendingOff,

    /// <summary>The loan is more than the member may borrow: their savings times the multiple, or the cap.</summary>
    LoanAboveLimit,

    /// <summary>The loan's term is not one the constitution allows.</summary>
    LoanTermNotAllowed,

    /// <summary>Lending this would put more of the pooled fund out on loan than the constitution allows, or more than it holds.</summary>
    LendingFundExhausted,

    /// <summary>The member has a loan requested or not yet repaid: one loan at a time.</summary>
    LoanAlreadyOpen,

    /// <summary>A named guarantor is not a member who may guarantee this loan (the borrower, a stranger, someone named twice).</summary>
    GuarantorNotEligible,

    /// <summary>The guarantor's savings not already pledged do not cover their share of the loan.</summary>
    GuarantorSavingsShort,

    /// <summary>No such loan in this chama, or not the member's to act on.</summary>
    LoanNotFound,

    /// <summary>The loan is not in a state that allows this (for example repaying a loan not yet paid out).</summary>
    LoanNotOpen,

    /// <summary>A repayment is more than the loan still owes.</summary>
    RepaymentAboveOwed,

    /// <summary>A share-out cannot be proposed now (one is open, or there is nothing to share).</summary>
    ShareOutNotPossible,
}

/// <summary>A request the rules refuse. Nothing has been changed when this is thrown.</summary>
public sealed class ChamaException : Exception
{
    public ChamaException(ChamaError error, string message) : base(message) => Error = error;

    public ChamaException() : this(ChamaError.InvalidChama, "The request was refused.") { }

    public ChamaException(string message) : this(ChamaError.InvalidChama, message) { }

    public ChamaException(string message, Exception innerException) : base(message, innerException) => Error = ChamaError.InvalidChama;

    public ChamaError Error { get; }

    /// <summary>The facts behind the refusal (for example a <see cref="QuorumCheck"/>), for callers that word it themselves.</summary>
    public object? Facts { get; init; }
}
