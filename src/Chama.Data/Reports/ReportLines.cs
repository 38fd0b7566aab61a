using Chama.Core;

namespace Chama.Data.Reports;

/// <summary>
/// One payment into either fund, with where it sits (cycle and round for the pot; the fine it settled for welfare), the
/// over-payment it carried to the member's next round, and how it arrived: the push's channel, a paybill allocation, or
/// the channel its recording was audited with.
/// </summary>
public sealed record ContributionLine(
    long Id,
    Fund Fund,
    long MemberId,
    Money Amount,
    Receipt Receipt,
    DateTimeOffset RecordedAt,
    int? CycleNumber,
    int? RoundNumber,
    DateOnly? DueDate,
    Money CarriedForward,
    string? PushChannel,
    bool AllocatedFromSuspense,
    string? RecordedVia,
    long? FineId,
    int? FineRoundNumber,
    int FinesPaid)
{
    /// <summary>The officer who recorded it by hand (cash, bank, M-Pesa to an officer's number); null for money M-Pesa reported.</summary>
    public long? RecordedByMemberId { get; init; }

    /// <summary>What was paid in another currency, and at what rate, for a payment credited by conversion.</summary>
    public ForeignPayment? PaidAbroad { get; init; }

    /// <summary>Its member disputed it.</summary>
    public bool Disputed { get; init; }

    /// <summary>When a correction under the officers' quorum reversed it by a new entry, if one did.</summary>
    public DateTimeOffset? ReversedAt { get; init; }

    /// <summary>What the reports show of a recorded payment's standing: <c>reversed</c>, <c>disputed</c>, or nothing.</summary>
    public string Standing => ReversedAt is not null ? "reversed" : Disputed ? "disputed" : "";
}

/// <summary>A member's request to the welfare fund, as asked.</summary>
public sealed record WelfareRequestLine(long Id, long MemberId, WelfareKind Kind, Money Amount, string Reason, DateTimeOffset RequestedAt);

/// <summary>Money that left the welfare fund, and the member whose request it paid (none for a payout without a request).</summary>
public sealed record WelfarePayoutLine(long Id, long? RequestId, long? MemberId, Money Amount, string Reference, DateTimeOffset PaidAt);

/// <summary>What the pot of a leaver's round left to the welfare fund once it paid their exit refund (Rule 8).</summary>
public sealed record ExitSettlementLine(long Id, long LeaverMemberId, int RoundNumber, Money Refund, Money ToWelfare, DateTimeOffset SettledAt);

/// <summary>One attempt at an M-Pesa payout of a pot or a welfare request, and where it stands now.</summary>
public sealed record PayoutLine(
    long Id,
    ApprovalKind Kind,
    long SubjectId,
    int Attempt,
    long RecipientMemberId,
    Money Amount,
    string OriginatorConversationId,
    DateTimeOffset ApprovedAt,
    DisbursementStatus Status,
    DateTimeOffset StatusAt,
    string? TransactionId,
    string? Detail,
    int? CycleNumber,
    int? RoundNumber)
{
    public string Code => ApprovalSubject.CodeFor(Kind, SubjectId);
}

/// <summary>A cycle and its rounds as the ledger sums them.</summary>
public sealed record CycleRounds(Cycle Cycle, IReadOnlyList<RoundSummary> Rounds);

/// <summary>Which parts of a chama's ledger a report needs.</summary>
[Flags]
public enum LedgerParts
{
    None = 0,
    Contributions = 1,
    Welfare = 2,
    Payouts = 4,
    Rounds = 8,
}

/// <summary>A chama's ledger as it stood at one moment: the parts not asked for are empty.</summary>
public sealed record LedgerSnapshot(
    ChamaGroup Chama,
    IReadOnlyDictionary<long, Member> Members,
    IReadOnlyList<ContributionLine> Contributions,
    IReadOnlyList<WelfareRequestLine> WelfareRequests,
    IReadOnlyList<WelfarePayoutLine> WelfarePayouts,
    IReadOnlyList<PayoutLine> Payouts,
    IReadOnlyList<CycleRounds> Cycles)
{
    /// <summary>Leavers' rounds divided into a refund and the welfare fund's share (read with the welfare part).</summary>
    public IReadOnlyList<ExitSettlementLine> ExitSettlements { get; init; } = [];
}
