using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Chama.Data.Payments;
using Chama.Mpesa;
using Chama.Mpesa.Client;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Payments;

/// <summary>
/// Settles pushes whose callback never came: after <see cref="MpesaOptions.StkQueryAfter"/> it asks Daraja (STK query)
/// and settles the answer exactly as a callback would. A push still waiting on the member is asked about again later. A
/// push that never got its CheckoutRequestID (the host stopped mid-request) cannot be asked about: the member is told
/// that it is unconfirmed, and a callback for it, if one comes, is kept for the officers.
/// </summary>
public sealed partial class StkReconciler(
    PaymentRequestStore payments,
    StkSettlements settlements,
    ChamaStore chamas,
    Outbox outbox,
    MessageTexts texts,
    DarajaClient daraja,
    MoneyNotices notices,
    IOptionsMonitor<MpesaOptions> options,
    TimeProvider clock,
    ILogger<StkReconciler> logger) : PollingWorker(logger)
{
    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.CurrentValue.StkQueryAfter;
        foreach (var orphan in await payments.ListOrphanedAsync(cutoff, cancellationToken))
        {
            await payments.MarkFailedAsync(orphan.Id, "push outcome unknown: no CheckoutRequestID", cancellationToken);
            var member = await chamas.FindMemberAsync(orphan.MemberId, cancellationToken);
            await outbox.EnqueueAsync(new OutboundMessage(
                $"payment-unconfirmed:{orphan.Id}", orphan.ChamaId, orphan.MemberId, orphan.Phone,
                texts.Render(member?.Language ?? Language.En, "payment_unconfirmed", new { amount = orphan.Amount.ToString() })), cancellationToken);
        }

        foreach (var request in await payments.ListAwaitingAnswerAsync(cutoff, limit: 20, cancellationToken))
        {
            var answer = await daraja.QueryStkAsync(request.CheckoutRequestId!, cancellationToken);
            if (answer.Pending)
            {
                await payments.MarkAskedAsync(request.Id, cancellationToken);
                continue;
            }

            var body = System.Text.Json.JsonSerializer.Serialize(new { request.CheckoutRequestId, answer.ResultCode, answer.ResultDescription });
            var settled = await settlements.SettleAsync(
                new StkResult(request.CheckoutRequestId!, answer.ResultCode, answer.ResultDescription, null, null), "stk/query", body, notices.ForPayment, cancellationToken);
            LogSettled(request.Id, answer.ResultCode, settled.Outcome);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment request {Id} settled by STK query: result {ResultCode}, {Outcome}")]
    private partial void LogSettled(long id, string resultCode, PaymentOutcome outcome);
}
