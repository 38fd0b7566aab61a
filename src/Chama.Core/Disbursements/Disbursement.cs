namespace Chama.Core;

/// <summary>Where a payout stands: created when approvals are complete, sent to M-Pesa once, then settled once.</summary>
public enum DisbursementStatus
{
    Approved,
    Sent,
    Completed,
    Failed,

    /// <summary>Sent, and still without a definite result long after: the officers check the M-Pesa statement.</summary>
    Unconfirmed,
}

/// <summary>
/// One attempt at paying a round's pot, a welfare request or a member's share-out line to the recipient's receive phone. The
/// <see cref="OriginatorConversationId"/> is ours, stored before M-Pesa is asked, so a repeated request is refused by
/// M-Pesa and a lost answer can be looked up. A new attempt needs the previous one to have failed and fresh approvals.
/// </summary>
public sealed record Disbursement(
    long Id,
    ApprovalKind Kind,
    long SubjectId,
    int Attempt,
    long ChamaId,
    long RecipientMemberId,
    PhoneNumber ReceivePhone,
    Money Amount,
    string OriginatorConversationId,
    DisbursementStatus Status,
    DateTimeOffset CreatedAt,
    string? TransactionId)
{
    public string Code => ApprovalSubject.CodeFor(Kind, SubjectId);

    /// <summary>B2C pays whole shillings, KES 10 to 250,000 a transaction.</summary>
    public static readonly Money Minimum = Money.Kes(10);

    public static readonly Money Maximum = Money.Kes(250_000);

    public static string NewOriginatorConversationId(ApprovalKind kind, long subjectId, int attempt) =>
        $"CB-{ApprovalSubject.CodeFor(kind, subjectId)}-{attempt}-{Guid.NewGuid():N}"[..40];
}
