namespace Chama.Core;

/// <summary>Where a loan is in its life, read from its events (<c>loan_events</c>), never stored.</summary>
public enum LoanStage
{
    /// <summary>Asked; waiting for its guarantors' answers.</summary>
    AwaitingGuarantors,

    /// <summary>Every guarantor accepted: the officers decide on it (L5).</summary>
    WithOfficers,

    /// <summary>The quorum approved it; its money has not yet reached the borrower.</summary>
    Approved,

    /// <summary>Paid out and being repaid.</summary>
    Repaying,

    /// <summary>Paid out, and instalments were missed past the constitution's limit.</summary>
    Defaulted,

    /// <summary>Nothing is owed any more.</summary>
    Repaid,

    /// <summary>Closed by the quorum's recovery from the guarantors' pledges.</summary>
    Recovered,

    /// <summary>A guarantor declined.</summary>
    Declined,

    /// <summary>The borrower withdrew it before it was decided.</summary>
    Withdrawn,

    /// <summary>The officers rejected it.</summary>
    Rejected,
}

/// <summary>A guarantor's answer to being named on a loan.</summary>
public enum GuaranteeAnswer
{
    Accepted,
    Declined,
}
