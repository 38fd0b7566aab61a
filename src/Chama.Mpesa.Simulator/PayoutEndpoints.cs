using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// B2C: <c>/mpesa/b2c/v3/paymentrequest</c>. The OriginatorConversationID is the guard against paying twice: a
/// repeat is refused and pays nothing.
/// </summary>
internal sealed class PayoutEndpoints(DarajaSimulatorOptions options, DarajaIds ids, CallbackSender callbacks)
{
    private static readonly string[] Commands = ["BusinessPayment", "SalaryPayment", "PromotionPayment"];
    private readonly ConcurrentDictionary<string, PayoutRecord> byOriginatorId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> claimed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PayoutRecord> payouts = new();

    public ScriptQueue<PayoutOutcome> Script { get; } = new(PayoutOutcome.Success);

    public IReadOnlyList<PayoutRecord> Payouts => [.. payouts];

    public PayoutRecord? Find(string originatorConversationId) => byOriginatorId.GetValueOrDefault(originatorConversationId);

    public void Map(WebApplication app) => app.MapPost("/mpesa/b2c/v3/paymentrequest", PayAsync);

    public Task ResendAsync(string originatorConversationId, int times) =>
        Find(originatorConversationId) is { } payout
            ? callbacks.SendAsync(payout.ResultUrl, ResultBody(payout), times)
            : throw new ArgumentException($"No payout {originatorConversationId} was made.", nameof(originatorConversationId));

    private async Task PayAsync(HttpContext context)
    {
        if (await DarajaRequest.ReadAsync(context) is not { } request)
        {
            return;
        }

        var amount = request.Shillings("Amount", 10, 250_000);
        var resultUrl = request.AbsoluteUrl("ResultURL");
        var timeoutUrl = request.AbsoluteUrl("QueueTimeOutURL");
        var originatorId = request.Text("OriginatorConversationID");
        if (await DarajaRequest.RefusedAsync(
            context,
            ("OriginatorConversationID", originatorId.Length > 0),
            ("InitiatorName", request.Text("InitiatorName") == options.InitiatorName),
            ("SecurityCredential", request.Text("SecurityCredential") == options.SecurityCredential),
            ("CommandID", Commands.Contains(request.Text("CommandID"))),
            ("Amount", amount is not null),
            ("PartyA", request.Text("PartyA") == options.B2CShortCode),
            ("PartyB", request.IsMsisdn("PartyB")),
            ("Remarks", request.HasLength("Remarks", 2, 100)),
            ("QueueTimeOutURL", timeoutUrl is not null),
            ("ResultURL", resultUrl is not null)))
        {
            return;
        }

        // Claimed before anything else, so that two concurrent requests with one id cannot both pay.
        if (!claimed.TryAdd(originatorId, true))
        {
            await DarajaErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "500.002.1001", "Duplicate OriginatorConversationID");
            return;
        }

        var payout = new PayoutRecord(
            originatorId,
            ids.ConversationId(),
            request.Text("PartyB"),
            amount!.Value,
            request.Text("CommandID"),
            request.Text("Remarks"),
            resultUrl!,
            timeoutUrl!,
            Script.Next(),
            ids.Receipt(),
            options.Clock.GetUtcNow() + options.CallbackDelay);
        byOriginatorId[originatorId] = payout;
        payouts.Enqueue(payout);
        if (payout.Outcome.TimesOutInQueue)
        {
            callbacks.Schedule(payout.QueueTimeOutUrl, QueueTimeoutBody(payout), options.CallbackDelay);
        }
        else
        {
            callbacks.Schedule(payout.ResultUrl, ResultBody(payout), options.CallbackDelay, payout.Outcome.Results);
        }

        await SimulatorJson.WriteAsync(context, new
        {
            ConversationID = payout.ConversationId,
            OriginatorConversationID = originatorId,
            ResponseCode = "0",
            ResponseDescription = "Accept the service request successfully.",
        });
    }

    /// <summary>The payout's result: on success the receipt, amount, recipient and the utility account's balance.</summary>
    private static string ResultBody(PayoutRecord payout) =>
        ResultEnvelope.Serialize(
            payout.Outcome.ResultCode,
            payout.Outcome.ResultDescription,
            payout.OriginatorConversationId,
            payout.ConversationId,
            payout.TransactionId,
            payout.QueueTimeOutUrl,
            payout.Outcome.Succeeds
                ?
                [
                    ("TransactionAmount", payout.Amount),
                    ("TransactionReceipt", payout.TransactionId),
                    ("B2CRecipientIsRegisteredCustomer", "Y"),
                    ("B2CChargesPaidAccountAvailableFunds", -4216.00m),
                    ("ReceiverPartyPublicName", $"{payout.PhoneNumber} - JANE WANJIKU"),
                    ("TransactionCompletedDateTime", DarajaIds.Nairobi(payout.SettlesAt, "dd.MM.yyyy HH:mm:ss")),
                    ("B2CUtilityAccountAvailableFunds", 98_765.00m),
                    ("B2CWorkingAccountAvailableFunds", 900_000.00m),
                ]
                : []);

    /// <summary>
    /// Daraja does not document this body. It is modelled as a Result with code 26 (system busy) and no receipt: all
    /// it tells is that the outcome is unknown, and only a transaction status query settles it.
    /// </summary>
    private static string QueueTimeoutBody(PayoutRecord payout) =>
        ResultEnvelope.Serialize("26", "The request timed out in the queue; its outcome is unknown.", payout.OriginatorConversationId, payout.ConversationId, "", payout.QueueTimeOutUrl, []);
}
