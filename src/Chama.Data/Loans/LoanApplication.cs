using Chama.Core;

namespace Chama.Data.Loans;

/// <summary>A member named to guarantee a loan, what they pledge from their savings, and their answer (null: not yet).</summary>
public sealed record Guarantee(Member Member, Money Pledge, GuaranteeAnswer? Answer);

/// <summary>
/// A loan on its way to being paid out, as its guarantors and the officers act on it: its stored facts
/// (<see cref="LoanBook"/>), the borrower and guarantors as members, and the officers' votes on the current attempt at
/// paying it (decision <c>L&lt;id&gt;</c>). Neither the borrower nor a guarantor ever counts towards the quorum.
/// </summary>
/// <param name="PayoutLive">A payout of the loan is on its way or made (not every attempt failed).</param>
public sealed record LoanApplication(
    LoanFacts Facts,
    Member Borrower,
    IReadOnlyList<Guarantee> Guarantees,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required,
    int Attempt,
    bool PayoutLive)
{
    public long Id => Facts.Id;

    public long ChamaId => Facts.ChamaId;

    public string Code => Facts.Code;

    public Money Principal => Facts.Principal;

    public int TermMonths => Facts.TermMonths;

    /// <summary>
    /// Up for the officers' decision: every guarantor accepted and it is not decided, or it was approved and every
    /// attempt at paying it failed (paying it again needs fresh approvals, as a pot's does).
    /// </summary>
    public bool WithOfficers => Facts.Stage == LoanStage.WithOfficers || (Facts.Stage == LoanStage.Approved && !PayoutLive);

    /// <summary>The borrower may still withdraw it: no approval is carrying a payout.</summary>
    public bool Withdrawable => Facts.Stage == LoanStage.AwaitingGuarantors || WithOfficers;

    /// <summary>The members the decision concerns: the borrower and every guarantor.</summary>
    public IReadOnlySet<long> Concerned => Guarantees.Select(g => g.Member.Id).Append(Borrower.Id).ToHashSet();

    public Ballot Ballot => new(Decisions, Required, Concerned) { Done = !WithOfficers };

    public int Approvals => Ballot.Approvals;

    /// <summary>The schedule the loan would have if its money reached the borrower on <paramref name="start"/>.</summary>
    public LoanSchedule ScheduleFrom(DateOnly start) =>
        LoanSchedule.Plan(Principal, Facts.Method, Facts.MonthlyRateBasisPoints, TermMonths, start, LoanRounding.UnitOf(Principal.Currency));
}

/// <summary>What a guarantor's answer came to.</summary>
public enum GuaranteeOutcome
{
    /// <summary>Accepted; other guarantors have still to answer.</summary>
    Accepted,

    /// <summary>Accepted, and it was the last: the loan is with the officers now.</summary>
    AllAccepted,

    /// <summary>Declined: the loan is closed and the borrower told.</summary>
    Declined,

    /// <summary>The guarantor had answered already; nothing changed.</summary>
    AlreadyAnswered,
}
