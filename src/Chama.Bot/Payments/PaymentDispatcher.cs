using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Chama.Data.Payments;

namespace Chama.Bot.Payments;

/// <summary>
/// Sends queued payment requests to M-Pesa as STK pushes, after the conversation has answered: a webhook never waits on
/// M-Pesa, and a USSD session has ended before the PIN prompt arrives. A request is claimed before it is sent, so it is
/// sent at most once; a push that cannot be started tells the member so.
/// </summary>
public sealed partial class PaymentDispatcher(
    PaymentRequestStore payments,
    IStkPushGateway gateway,
    PaymentQueueSignal signal,
    ChamaStore chamas,
    Outbox outbox,
    MessageTexts texts,
    ILogger<PaymentDispatcher> logger) : PollingWorker(logger)
{
    protected override Task WaitAsync(CancellationToken stoppingToken) => signal.WaitAsync(Interval, stoppingToken);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var request in await payments.ClaimQueuedAsync(limit: 20, cancellationToken))
        {
            try
            {
                var checkout = await gateway.StartAsync(request, cancellationToken);
                await payments.RecordCheckoutAsync(request.Id, checkout, cancellationToken);
                LogPushed(request.Id, request.Phone.Masked);
            }
#pragma warning disable CA1031 // Whatever stopped the push, the member hears that nothing was charged.
            catch (Exception failure) when (failure is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogPushFailed(failure, request.Id, request.Phone.Masked);
                await payments.MarkFailedAsync(request.Id, failure.Message, cancellationToken);
                var member = await chamas.FindMemberAsync(request.MemberId, cancellationToken);
                var body = texts.Render(member?.Language ?? Language.En, "payment_not_started", new { amount = request.Amount.ToString() });
                await outbox.EnqueueAsync(new OutboundMessage($"payment-not-started:{request.Id}", request.ChamaId, request.MemberId, request.Phone, body), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "STK push for payment request {Id} sent to {Phone}")]
    private partial void LogPushed(long id, string phone);

    [LoggerMessage(Level = LogLevel.Error, Message = "STK push for payment request {Id} to {Phone} could not be started")]
    private partial void LogPushFailed(Exception failure, long id, string phone);
}
