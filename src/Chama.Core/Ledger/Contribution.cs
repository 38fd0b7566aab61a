namespace Chama.Core;

/// <summary>
/// Which fund money belongs to. The welfare fund never counts toward a pot; savings are the member's own, kept for
/// lending and the share-out; a loan repayment is split onto the member's open loan (any excess to their savings).
/// </summary>
public enum Fund
{
    Pot,
    Welfare,
    Savings,
    Loan,
}

/// <summary>One payment by a member, tied to its receipt.</summary>
public sealed record Contribution(
    long Id,
    long ChamaId,
    long? RoundId,
    long MemberId,
    Fund Fund,
    Money Amount,
    Receipt Receipt,
    DateTimeOffset RecordedAt);

/// <summary>A payment to record. Recording is idempotent on the receipt.</summary>
public sealed record ContributionRequest(long RoundId, long MemberId, Money Amount, string Receipt)
{
    /// <summary>
    /// The same receipt again is the same payment only when it names the same round, member and amount;
    /// anything else under that receipt is a conflict.
    /// </summary>
    public bool Matches(Contribution existing) =>
        existing.RoundId == RoundId && existing.MemberId == MemberId && existing.Amount == Amount && existing.Fund == Fund.Pot;
}

/// <summary>The outcome of recording: the stored payment, and whether it was already there.</summary>
public sealed record RecordedContribution(Contribution Contribution, bool AlreadyRecorded);
