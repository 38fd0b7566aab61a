using Chama.Core;

namespace Chama.Data.Loans;

/// <summary>A member named to guarantee a loan, what they pledge from their savings, and their answer (null: not yet).</summary>
public sealed record LoanGuarantor(long MemberId, Money Pledge, GuaranteeAnswer? Answer);

/// <summary>
/// Everything stored about one loan: its terms (fixed when it was asked), its guarantors, what happened to it, and once
/// paid out its schedule, the interest and penalties charged and what was repaid or recovered (each split penalty,
/// interest, principal). Read by <see cref="LoanBook"/>; the arithmetic on it is <see cref="LoanPosition"/>.
/// </summary>
public sealed record LoanFacts(
    long Id,
    long ChamaId,
    long MemberId,
    Money Principal,
    int TermMonths,
    InterestMethod Method,
    int MonthlyRateBasisPoints,
    int PenaltyPercent,
    string Channel,
    DateTimeOffset RequestedAt,
    IReadOnlyList<LoanGuarantor> Guarantors,
    IReadOnlyDictionary<string, DateTimeOffset> Events,
    LoanSchedule? Schedule,
    IReadOnlyList<LoanCharge> Charges,
    IReadOnlyList<LoanRepaymentParts> Repayments)
{
    /// <summary>The loan's code, which officers decide by and guarantors answer to: <c>L5</c>.</summary>
    public string Code => $"L{Id}";

    public LoanStage Stage =>
        Has("Recovered") ? LoanStage.Recovered
        : Has("Repaid") ? LoanStage.Repaid
        : Has("Rejected") ? LoanStage.Rejected
        : Has("Withdrawn") ? LoanStage.Withdrawn
        : Has("Declined") ? LoanStage.Declined
        : Has("Defaulted") ? LoanStage.Defaulted
        : Has("PaidOut") ? LoanStage.Repaying
        : Has("Approved") ? LoanStage.Approved
        : Has("Guaranteed") ? LoanStage.WithOfficers
        : LoanStage.AwaitingGuarantors;

    /// <summary>Asked and not closed: the member may have no other, and its guarantors' pledges are held.</summary>
    public bool IsOpen => !ClosingEvents.Any(Has);

    /// <summary>The events that close a loan; until one of them a loan holds its guarantors' pledges. SQL reads of open loans use this list too.</summary>
    public static readonly IReadOnlyList<string> ClosingEvents = ["Declined", "Withdrawn", "Rejected", "Repaid", "Recovered"];

    /// <summary><see cref="ClosingEvents"/> as an SQL list: <c>'Declined', 'Withdrawn', …</c>.</summary>
    internal static string ClosingEventsSql { get; } = string.Join(", ", ClosingEvents.Select(e => $"'{e}'"));

    /// <summary>Paid out and not closed: it has instalments to pay.</summary>
    public bool IsRepaying => Stage is LoanStage.Repaying or LoanStage.Defaulted;

    /// <summary>The loan's position on <paramref name="today"/> (Nairobi date); null before it was paid out.</summary>
    public LoanPosition? Position(DateOnly today, int graceDays) =>
        Schedule is null ? null : LoanPosition.Of(Schedule, Charges, Repayments, today, graceDays);

    public bool Has(string status) => Events.ContainsKey(status);
}
