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
/// is lost (a timeout, a crash, a result that never arrives), the payout is never re-sent; transaction status queries
/// ask what became of it, with backoff, and after <see cref="MpesaOptions.PayoutUnconfirmedAfter"/> the officers are told
/// to check the M-Pesa statement.
/// </summary>
public sealed partial class PayoutDispatcher(
    DisbursementStore payouts,
    DarajaClient daraja,
    MoneyNotices notices,
    IOptionsMonitor<MpesaOptions> options,
    TimeProvider clock,
    ILogger<PayoutDispatcher> logger) : PollingWorker(logger)
{
    /// <summary>One pass at a time in this host, so two passes never ask about one payout at the same moment.</summary>
    private readonly SemaphoreSlim passing = new(1, 1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await passing.WaitAsync(cancellationToken);
        try
        {
            foreach (var payout in await payouts.ClaimApprovedAsync(limit: 10, cancellationToken))
            {
                await SendAsync(payout, cancellationToken);
            }

            await AskAboutUnresolvedAsync(cancellationToken);
        }
        finally
        {
            passing.Release();
        }
    }

    public override void Dispose()
    {
        passing.Dispose();
        base.Dispose();
    }

    private async Task SendAsync(Disbursement payout, CancellationToken cancellationToken)
    {
        try
        {
            await daraja.SendB2CAsync(
                payout.OriginatorConversationId, payout.ReceivePhone.E164.TrimStart('+'), payout.Amount.ToWholeMajor(), $"Chama payout {payout.Code}", cancellationToken);
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

    /// <summary>
    /// Each payout sent without a definite result is asked about when its backoff is due (the waits double, up to a cap),
    /// and shown to the officers as unconfirmed, once, when it has been unresolved for too long. Never sent again.
    /// </summary>
    private async Task AskAboutUnresolvedAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var backoff = new StatusQueryBackoff(settings.PayoutQueryAfter, settings.PayoutQueryMaxInterval);
        foreach (var unresolved in await payouts.ListUnresolvedAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            if (unresolved.Payout.Status != DisbursementStatus.Unconfirmed && now - unresolved.SentAt >= settings.PayoutUnconfirmedAfter
                && await payouts.MarkUnconfirmedAsync(unresolved.Payout.Id, notices.ForUnconfirmedPayout(unresolved.SentAt), cancellationToken))
            {
                LogUnconfirmed(unresolved.Payout.Code);
            }

            if (now >= backoff.NextQueryAt(unresolved.SentAt, unresolved.Queries, unresolved.LastAskedAt))
            {
                await AskAsync(unresolved.Payout, cancellationToken);
            }
        }
    }

    /// <summary>One status query; its ids are kept so its Result finds the payout. A query that fails counts for the backoff.</summary>
    private async Task AskAsync(Disbursement payout, CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await daraja.QueryTransactionStatusAsync(payout.OriginatorConversationId, cancellationToken);
            await payouts.RecordStatusQueryAsync(payout.Id, accepted.ConversationId, accepted.OriginatorConversationId, cancellationToken);
            LogAsked(payout.Code);
        }
#pragma warning disable CA1031 // Daraja unreachable or refusing: the payout stays unresolved and is asked again after a longer wait.
        catch (Exception failed) when (failed is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await payouts.RecordStatusQueryAsync(payout.Id, null, null, cancellationToken);
            LogQueryFailed(failed, payout.Code);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {Code}: the status query failed; it will be asked again later")]
    private partial void LogQueryFailed(Exception failure, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {Code} is unconfirmed: the officers are asked to check the M-Pesa statement")]
    private partial void LogUnconfirmed(string code);
}
