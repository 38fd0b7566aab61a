namespace Chama.Mpesa.Simulator;

/// <summary>An STK push the simulator accepted. <see cref="Receipt"/> is set when the outcome is a success.</summary>
public sealed record StkPushRecord(
    string MerchantRequestId,
    string CheckoutRequestId,
    string PhoneNumber,
    long Amount,
    string AccountReference,
    string TransactionDesc,
    Uri CallbackUrl,
    StkOutcome Outcome,
    string? Receipt,
    DateTimeOffset SettlesAt);

/// <summary>A B2C payout the simulator accepted. Every payout gets a TransactionID, even one that fails.</summary>
public sealed record PayoutRecord(
    string OriginatorConversationId,
    string ConversationId,
    string PhoneNumber,
    long Amount,
    string CommandId,
    string Remarks,
    Uri ResultUrl,
    Uri QueueTimeOutUrl,
    PayoutOutcome Outcome,
    string TransactionId,
    DateTimeOffset SettlesAt);

/// <summary>A paybill payment made with <see cref="DarajaSimulator.PayBillAsync"/>; not confirmed when validation refused it.</summary>
public sealed record PaybillPayment(string TransId, string BillRefNumber, long Amount, string Msisdn, bool Confirmed);

/// <summary>One POST to a callback URL: <see cref="StatusCode"/> is null when the listener could not be reached.</summary>
public sealed record CallbackDelivery(Uri Url, string Body, int? StatusCode, string? Error, DateTimeOffset At);
