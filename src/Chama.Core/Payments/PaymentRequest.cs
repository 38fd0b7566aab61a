namespace Chama.Core;

public enum PaymentRequestStatus
{
    Queued,
    Sent,
    Completed,
    Failed,
}

/// <summary>
/// What a payment request pays: the member's contribution to a round, the late fines the member owes, an amount of the
/// member's choosing into the welfare fund or into their savings, or a repayment of their open loan.
/// </summary>
public enum PaymentPurpose
{
    Contribution,
    Fines,
    Welfare,
    Savings,
    Loan,
}

/// <summary>
/// A member's request to pay a round (or, by its purpose, the fines they owe or into the welfare fund) by M-Pesa, from
/// the moment they confirm until M-Pesa answers. A request for fines or welfare still names the round it was made in;
/// savings and loan repayments are paid at any time, in a cycle or not, and name no round; a loan repayment names its
/// loan (<see cref="LoanId"/>).
/// </summary>
public sealed record PaymentRequest(
    long Id,
    string RequestKey,
    long ChamaId,
    long MemberId,
    long? RoundId,
    Money Amount,
    PhoneNumber Phone,
    string Channel,
    PaymentRequestStatus Status,
    string? CheckoutRequestId,
    PaymentPurpose Purpose = PaymentPurpose.Contribution,
    long? LoanId = null);

/// <summary>What is needed to queue a payment request. The key makes a retried step queue it once.</summary>
public sealed record NewPaymentRequest(
    string RequestKey, long ChamaId, long MemberId, long? RoundId, Money Amount, PhoneNumber Phone, string Channel, PaymentPurpose Purpose = PaymentPurpose.Contribution,
    long? LoanId = null)
{
    /// <summary>STK push takes whole shillings, KES 1 to 250,000 a transaction; no other currency.</summary>
    public static readonly Money Minimum = Money.Kes(1);

    public static readonly Money Maximum = Money.Kes(250_000);

    public static bool IsPushable(Money amount) =>
        amount.Currency == MpesaReach.Currency && amount >= Minimum && amount <= Maximum && amount.IsWholeMajor;
}

/// <summary>The payments port: asks M-Pesa to send the member a PIN prompt (STK push).</summary>
public interface IStkPushGateway
{
    /// <summary>Starts the push and returns the provider's CheckoutRequestID; the outcome arrives later.</summary>
    Task<string> StartAsync(PaymentRequest request, CancellationToken cancellationToken);
}
