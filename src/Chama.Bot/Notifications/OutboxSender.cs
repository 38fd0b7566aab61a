using Chama.Bot.Payments;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// Sends the outbox. Each pass claims due messages under a lease (one write), sends each through Twilio and records the
/// outcome at once: the MessageSid the moment Twilio answers, a retry time with backoff for a passing fault, or failure
/// for a refusal or after <see cref="NotificationOptions.MaxAttempts"/> tries.
/// </summary>
/// <remarks>
/// The one window where a message could go twice: Twilio accepted it and the host died before the answer was recorded.
/// The status callback carries the outbox row's id, so once Twilio reports on the message (usually within seconds) the
/// expired claim is settled as sent instead of sent again; only a crash with no callback before the lease ends resends.
/// </remarks>
public sealed partial class OutboxSender(
    OutboxDelivery delivery,
    DeliveryStatuses statuses,
    TwilioMessages twilio,
    Backoff backoff,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider clock,
    ILogger<OutboxSender> logger) : PollingWorker(logger)
{
    private static readonly TimeSpan WhatsAppWindow = TimeSpan.FromHours(24);

    protected override TimeSpan Interval => options.CurrentValue.SendInterval;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        foreach (var message in await delivery.ClaimAsync(settings.Lease, settings.BatchSize, cancellationToken))
        {
            var result = message.Attempt > settings.MaxAttempts
                ? new AttemptResult(AttemptOutcome.Failed, null, Error: $"no outcome recorded after {settings.MaxAttempts} attempts")
                : Settle(message.Attempt, await twilio.SendAsync(message, await WindowOpenAsync(message, cancellationToken), cancellationToken));

            // Not cancelled by shutdown: what Twilio answered must be kept.
            await delivery.RecordAsync(message.Id, message.Attempt, result, CancellationToken.None);
            if (result.Outcome != AttemptOutcome.Sent)
            {
                LogNotSent(message.Id, message.IdempotencyKey, message.Attempt, result.Outcome, result.ErrorCode, result.Error);
            }
        }
    }

    /// <summary>A passing fault is retried after a backoff, until the last attempt: then the message has failed.</summary>
    private AttemptResult Settle(int attempt, AttemptResult result) =>
        result.Outcome != AttemptOutcome.RetryableFailure ? result
        : attempt >= options.CurrentValue.MaxAttempts ? result with { Outcome = AttemptOutcome.Failed }
        : result with { RetryAt = clock.GetUtcNow() + backoff.Delay(attempt) };

    /// <summary>Only a message that could go as a template needs to know whether the member wrote in the last 24 hours.</summary>
    private async Task<bool> WindowOpenAsync(ClaimedMessage message, CancellationToken cancellationToken) =>
        message.Template is null
        || await statuses.LastInboundAsync(message.Phone, cancellationToken) is { } last && clock.GetUtcNow() - last < WhatsAppWindow;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} ({Key}) attempt {Attempt}: {Outcome} {ErrorCode} {Error}")]
    private partial void LogNotSent(long id, string key, int attempt, AttemptOutcome outcome, int? errorCode, string? error);
}
