using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Mpesa;
using Chama.Mpesa.Client;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Payments;

/// <summary>
/// Sends approved payouts to M-Pesa (B2C) and settles the ones whose result never came. A payout is claimed before it
/// is sent, and sent once with its own OriginatorConversationID: M-Pesa refuses that id a second time. When the answer
/// is lost (a timeout, a crash, a result that never arrives), the payout is never re-sent; a transaction status query
/// asks what became of it.
/// </summary>
public sealed partial class PayoutDispatcher(
    DisbursementStore payouts,
    DarajaClient daraja,
    MoneyNotices notices,
    IOptionsMonitor<MpesaOptions> options,
    TimeProvider clock,
    ILogger<PayoutDispatcher> logger) : PollingWorker(logger)
{
    private readonly Dictionary<long, DateTimeOffset> lastAsked = [];

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var payout in await payouts.ClaimApprovedAsync(limit: 10, cancellationToken))
        {
            await SendAsync(payout, cancellationToken);
        }

        await AskAboutUnsettledAsync(cancellationToken);
    }

    private async Task SendAsync(Disbursement payout, CancellationToken cancellationToken)
    {
        try
        {
            await daraja.SendB2CAsync(
                payout.OriginatorConversationId, payout.ReceivePhone.E164.TrimStart('+'), payout.Amount.Minor / Money.MinorPerMajor, $"Chama payout {payout.Code}", cancellationToken);
            LogSent(payout.Code, payout.ReceivePhone.Masked);
        }
        catch (DarajaException refused) when (refused.IsDefiniteRefusal)
        {
            // M-Pesa said no before moving anything: the officers hear why, and paying again needs their fresh approvals.
            await payouts.SettleAsync(payout.OriginatorConversationId, false, null, $"{refused.Message}", notices.ForPayout, cancellationToken);
            LogRefused(payout.Code, refused.ErrorCode);
        }
#pragma warning disable CA1031 // Whatever else happened, the outcome is unknown: the status query settles it, never a second send.
        catch (Exception unknown) when (unknown is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogUnknown(unknown, payout.Code);
        }
    }

    private async Task AskAboutUnsettledAsync(CancellationToken cancellationToken)
    {
        var wait = options.CurrentValue.PayoutQueryAfter;
        var now = clock.GetUtcNow();
        var unsettled = await payouts.ListUnsettledSentBeforeAsync(now - wait, cancellationToken);
        foreach (var settled in lastAsked.Keys.Except(unsettled.Select(p => p.Id)).ToList())
        {
            lastAsked.Remove(settled);
        }

        foreach (var payout in unsettled)
        {
            if (lastAsked.TryGetValue(payout.Id, out var asked) && now - asked < wait)
            {
                continue;
            }

            lastAsked[payout.Id] = now;
            await daraja.QueryTransactionStatusAsync(payout.OriginatorConversationId, cancellationToken);
            LogAsked(payout.Code);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout {Code} sent to {Phone}")]
    private partial void LogSent(string code, string phone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {Code} refused by M-Pesa: {ErrorCode}")]
    private partial void LogRefused(string code, string errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {Code}: no answer from M-Pesa; its status will be queried")]
    private partial void LogUnknown(Exception failure, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked M-Pesa for the status of payout {Code}")]
    private partial void LogAsked(string code);
}
