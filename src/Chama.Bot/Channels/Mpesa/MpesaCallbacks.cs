using Chama.Conversations.Texts;
using Chama.Bot.Payments;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Mpesa;
using Chama.Mpesa;
using Chama.Mpesa.Callbacks;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Channels.Mpesa;

/// <summary>
/// What each Daraja callback does. Parsing is strict: a body that is not what Daraja sends is logged as malformed and
/// changes nothing. Every change of money happens in one transaction with its log entry and its messages, and the
/// database's unique keys make a repeated callback count once.
/// </summary>
public sealed partial class MpesaCallbacks(
    StkSettlements stk,
    PaybillPayments paybill,
    DisbursementStore payouts,
    CallbackLog log,
    MoneyNotices notices,
    IOptionsMonitor<MpesaOptions> options,
    ILogger<MpesaCallbacks> logger)
{
    public const string Malformed = "Malformed";

    /// <summary>A payout result that settles nothing: a failed status query, or a status still in progress.</summary>
    public const string Unresolved = "Unresolved";

    /// <summary>A paybill payment to a shortcode that is not this chama's paybill: kept for an officer, never credited.</summary>
    public const string OtherShortCode = "OtherShortCode";

    public async Task StkAsync(string body, CancellationToken cancellationToken)
    {
        if (StkCallback.Parse(body) is not { } callback || !HasUsableReceipt(callback))
        {
            await KeepMalformedAsync("stk", body, cancellationToken);
            return;
        }

        var result = new StkResult(
            callback.CheckoutRequestId,
            callback.ResultCode,
            callback.ResultDescription,
            callback.AmountCents is { } cents ? new Money(cents, MpesaReach.Currency) : null,
            callback.Receipt);
        try
        {
            var settled = await stk.SettleAsync(result, "stk", body, notices.ForPayment, cancellationToken);
            LogStk(callback.CheckoutRequestId, callback.ResultCode, settled.Outcome);
        }
        catch (ChamaException refused)
        {
            // The ledger refused it (a receipt already used by another payment): kept for an officer, counted never.
            await log.AppendAsync("stk", body, $"Refused {refused.Error}", cancellationToken);
        }
    }

    /// <summary>Validation accepts every well-formed payment: one that names no member is held in suspense, not bounced.</summary>
    public async Task<bool> ValidateAsync(string body, CancellationToken cancellationToken)
    {
        if (C2BTransaction.Parse(body) is not null)
        {
            return true;
        }

        await KeepMalformedAsync("c2b/validation", body, cancellationToken);
        return false;
    }

    public async Task ConfirmAsync(string body, CancellationToken cancellationToken)
    {
        if (C2BTransaction.Parse(body) is not { } payment || !IsMpesaReceipt(payment.TransId))
        {
            await KeepMalformedAsync("c2b/confirmation", body, cancellationToken);
            return;
        }

        // Money paid to another business is not this chama's, whoever forwarded the confirmation here.
        if (options.CurrentValue.ShortCode is { Length: > 0 } ours && payment.BusinessShortCode.Trim() != ours)
        {
            await log.AppendAsync("c2b/confirmation", body, OtherShortCode, cancellationToken);
            LogOtherShortCode(payment.TransId);
            return;
        }

        try
        {
            var settled = await paybill.ConfirmAsync(
                new PaybillPayment(payment.TransId, new Money(payment.AmountCents, MpesaReach.Currency), payment.BillRefNumber, payment.MaskedMsisdn),
                body,
                notices.ForPayment,
                cancellationToken);
            LogPaybill(payment.TransId, settled.Outcome);
        }
        catch (ChamaException refused)
        {
            await log.AppendAsync("c2b/confirmation", body, $"Refused {refused.Error}", cancellationToken);
        }
    }

    /// <summary>
    /// A payout's result, from the B2C result URL or from a status query we asked for (<see cref="PayoutFate"/> reads
    /// both). A status result is matched by its envelope's ids to the query we made, and so to the payout that query
    /// asked about. Only a result that names the payout and says what became of it settles it; a failed status query
    /// leaves the payout unresolved, to be asked about again, so a pot already paid can never be approved and sent twice.
    /// </summary>
    public async Task PayoutResultAsync(string kind, string body, CancellationToken cancellationToken)
    {
        if (DarajaResult.Parse(body) is not { } result)
        {
            await KeepMalformedAsync(kind, body, cancellationToken);
            return;
        }

        var payout = kind == "status/result"
            ? PayoutFate.FromStatusResult(result, (await payouts.FindByStatusQueryAsync(result.OriginatorConversationId, result.ConversationId, cancellationToken))?.OriginatorConversationId)
            : PayoutFate.FromB2CResult(result);
        if (payout.OriginatorConversationId is not { } originator || payout.Verdict == PayoutVerdict.Unknown)
        {
            await log.AppendAsync(kind, body, Unresolved, cancellationToken);
            LogPayout(kind, payout.OriginatorConversationId ?? "(none)", $"{Unresolved}: {payout.Detail}");
            return;
        }

        SettledDisbursement? settled;
        try
        {
            settled = await payouts.SettleAsync(originator, payout.Verdict == PayoutVerdict.Paid, payout.Receipt, payout.Detail, notices.ForPayout, cancellationToken);
        }
        catch (ChamaException refused)
        {
            // A receipt that already completed another payout: kept for an officer, settling nothing.
            await log.AppendAsync(kind, body, $"Refused {refused.Error}", cancellationToken);
            return;
        }

        var outcome = settled switch
        {
            null => PaymentOutcome.Unmatched.ToString(),
            { NewlySettled: false } => PaymentOutcome.AlreadySettled.ToString(),
            _ => settled.Disbursement.Status.ToString(),
        };
        await log.AppendAsync(kind, body, outcome, cancellationToken);
        LogPayout(kind, originator, outcome);
    }

    /// <summary>A request timed out in Daraja's queue: its outcome is unknown, so the reconciliation worker will ask.</summary>
    public Task TimeoutAsync(string kind, string body, CancellationToken cancellationToken) => log.AppendAsync(kind, body, "Timeout", cancellationToken);

    private async Task KeepMalformedAsync(string kind, string body, CancellationToken cancellationToken)
    {
        await log.AppendAsync(kind, body, Malformed, cancellationToken);
        LogMalformed(kind);
    }

    private static bool HasUsableReceipt(StkCallback callback) => !callback.Succeeded || IsMpesaReceipt(callback.Receipt);

    private static bool IsMpesaReceipt(string? value)
    {
        try
        {
            return Receipt.Parse(value).Kind == ReceiptKind.Mpesa;
        }
        catch (ChamaException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "STK callback {CheckoutRequestId} result {ResultCode}: {Outcome}")]
    private partial void LogStk(string checkoutRequestId, string resultCode, PaymentOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Paybill payment {TransId}: {Outcome}")]
    private partial void LogPaybill(string transId, PaymentOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payout {Kind} for {Originator}: {Outcome}")]
    private partial void LogPayout(string kind, string originator, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paybill payment {TransId} for another shortcode kept, not credited")]
    private partial void LogOtherShortCode(string transId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed M-Pesa {Kind} callback kept for inspection")]
    private partial void LogMalformed(string kind);
}
