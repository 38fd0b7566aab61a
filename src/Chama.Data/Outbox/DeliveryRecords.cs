namespace Chama.Data.Outbox;

public enum DeliveryChannel
{
    WhatsApp,
    Sms,
}

public enum AttemptOutcome
{
    Sent,
    RetryableFailure,
    Failed,
}

/// <summary>A message claimed for sending: <see cref="Attempt"/> counts this try, <see cref="PrefersSms"/> is its member's choice.</summary>
public sealed record ClaimedMessage(long Id, string IdempotencyKey, string Phone, string Body, string? Template, string? VariablesJson, int Attempt, bool PrefersSms);

/// <summary>
/// What one attempt came to. <see cref="RetryAt"/> is set for a retryable failure that will be tried again;
/// <see cref="Channel"/> is null when the attempt was recovered from a status callback.
/// </summary>
public sealed record AttemptResult(
    AttemptOutcome Outcome, DeliveryChannel? Channel, string? MessageSid = null, int? ErrorCode = null, string? Error = null, DateTimeOffset? RetryAt = null);

/// <summary>A message that will not be sent, for the officers: who it was for and why it failed last.</summary>
public sealed record FailedMessage(long Id, string IdempotencyKey, long? MemberId, string Phone, int Attempts, int? ErrorCode, string? Error, DateTimeOffset FailedAt);

/// <summary>One Twilio status callback. <see cref="OutboxId"/> comes from the callback URL given to Twilio.</summary>
public sealed record DeliveryStatus(string MessageSid, string Status, int? ErrorCode, long? OutboxId);
