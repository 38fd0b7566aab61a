using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Loans;
using Chama.Data.Outbox;

namespace Chama.Data.Mpesa;

public enum PaymentOutcome
{
    /// <summary>The money is recorded against the member's round.</summary>
    Recorded,

    /// <summary>This payment was counted before; nothing changed.</summary>
    AlreadySettled,

    /// <summary>M-Pesa says the push failed (cancelled, wrong PIN, no funds …); nothing was paid.</summary>
    Failed,

    /// <summary>The money arrived but names no member or round that can take it: it waits in suspense for an officer.</summary>
    Suspense,

    /// <summary>The callback names no payment of ours, or does not match it: kept for inspection, money untouched.</summary>
    Unmatched,
}

/// <summary>
/// What settling an M-Pesa payment did, with what the messages about it need. <see cref="Member"/> and the rest are
/// null when the payment names no member. <see cref="PotReady"/>: the round's pot is full after it (the officers' notice
/// is keyed per round and officer, so they hear it once however many payments follow).
/// </summary>
public sealed record SettledPayment(
    PaymentOutcome Outcome,
    string ResultCode,
    Money? Amount,
    string? Receipt,
    ChamaGroup? Chama,
    Member? Member,
    RoundSummary? Summary,
    bool PotReady,
    IReadOnlyList<Member> Officers,
    long? PaymentRequestId)
{
    /// <summary>The held payment's id when the money went to suspense.</summary>
    public long? SuspenseId { get; init; }

    /// <summary>The account reference the payer typed (paybill payments).</summary>
    public string? BillRef { get; init; }

    /// <summary>What the payment paid: a round's contribution, fines, the welfare fund, savings or a loan.</summary>
    public PaymentPurpose Purpose { get; init; } = PaymentPurpose.Contribution;

    /// <summary>For a push of the fines owed: the fines it paid. Null for a contribution.</summary>
    public SettledFines? Fines { get; init; }

    /// <summary>For money into savings: the member's savings after it.</summary>
    public Money? SavingsAfter { get; init; }

    /// <summary>For a loan repayment: how it was split and what the loan owes after it.</summary>
    public LoanRepayment? Repayment { get; init; }

    public static SettledPayment Nothing(PaymentOutcome outcome, string resultCode = "") =>
        new(outcome, resultCode, null, null, null, null, null, false, [], null);
}

/// <summary>Builds the messages a settled payment sends (receipt, failure, pot ready); queued in the same transaction.</summary>
public delegate IEnumerable<OutboundMessage> PaymentNotices(SettledPayment payment);
