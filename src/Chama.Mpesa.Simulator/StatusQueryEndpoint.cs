using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// <c>/mpesa/transactionstatus/v1/query</c> for payouts, by <c>OriginalConversationID</c> or by receipt
/// (<c>TransactionID</c>). The synchronous answer only acknowledges; the answer proper is a Result posted to the
/// query's ResultURL after <see cref="DarajaSimulatorOptions.CallbackDelay"/>.
/// </summary>
/// <remarks>
/// The contract the bot relies on, for that posted Result:
/// <list type="bullet">
/// <item>As on Daraja, the envelope's <c>OriginatorConversationID</c> and <c>ConversationID</c> are the query's own
/// ids (those of its synchronous answer), not the payout's.</item>
/// <item><c>ResultCode</c> 0 means the query succeeded, not that the payout did: the payout's own outcome is the
/// <c>TransactionStatus</c> parameter, <c>Completed</c> or <c>Failed</c>, with <c>ReceiptNo</c>, <c>Amount</c>,
/// <c>ConversationID</c> and <c>OriginatorConversationID</c> of the payout beside it.</item>
/// <item>A payout the simulator does not know is answered with ResultCode 2001 and no parameters; so is every query
/// while <see cref="Fail"/> is set (an expired initiator credential).</item>
/// <item>The query's Result comes after the payout has settled, so it always tells the final outcome, also for
/// payouts whose own result was never posted or went to the QueueTimeOutURL.</item>
/// </list>
/// </remarks>
internal sealed class StatusQueryEndpoint(DarajaSimulatorOptions options, DarajaIds ids, CallbackSender callbacks, PayoutEndpoints payouts)
{
    public const string NotFoundCode = "2001";
    public const string InvalidInitiatorCode = "2001";
    private int queries;

    public int Queries => Volatile.Read(ref queries);

    /// <summary>Every query is answered with ResultCode 2001, as when the initiator's security credential has expired.</summary>
    public bool Fail { get; set; }

    public void Map(WebApplication app) => app.MapPost("/mpesa/transactionstatus/v1/query", QueryAsync);

    private async Task QueryAsync(HttpContext context)
    {
        if (await DarajaRequest.ReadAsync(context) is not { } request)
        {
            return;
        }

        var originatorId = request.Text("OriginalConversationID");
        var receipt = request.Text("TransactionID");
        var resultUrl = request.AbsoluteUrl("ResultURL");
        var timeoutUrl = request.AbsoluteUrl("QueueTimeOutURL");
        if (await DarajaRequest.RefusedAsync(
            context,
            ("Initiator", request.Text("Initiator") == options.InitiatorName),
            ("SecurityCredential", request.Text("SecurityCredential") == options.SecurityCredential),
            ("CommandID", request.Text("CommandID") == "TransactionStatusQuery"),
            ("TransactionID", originatorId.Length > 0 || receipt.Length > 0),
            ("PartyA", request.Text("PartyA").Length > 0 && request.Text("PartyA").All(char.IsAsciiDigit)),
            ("IdentifierType", request.Text("IdentifierType") is "1" or "2" or "4"),
            ("ResultURL", resultUrl is not null),
            ("QueueTimeOutURL", timeoutUrl is not null),
            ("Remarks", request.HasLength("Remarks", 1, 100))))
        {
            return;
        }

        Interlocked.Increment(ref queries);
        var (queryOriginatorId, conversationId) = (ids.OriginatorConversationId(), ids.ConversationId());
        var payout = originatorId.Length > 0
            ? payouts.Find(originatorId)
            : payouts.Payouts.FirstOrDefault(known => known.TransactionId == receipt);
        var body = Fail
            ? ResultEnvelope.Serialize(InvalidInitiatorCode, "The initiator information is invalid.", queryOriginatorId, conversationId, "", timeoutUrl!, [])
            : payout is null
            ? ResultEnvelope.Serialize(NotFoundCode, "The transaction could not be found.", queryOriginatorId, conversationId, "", timeoutUrl!, [])
            : StatusBody(payout, queryOriginatorId, conversationId, timeoutUrl!);
        callbacks.Schedule(resultUrl!, body, options.CallbackDelay);
        await SimulatorJson.WriteAsync(context, new
        {
            OriginatorConversationID = queryOriginatorId,
            ConversationID = conversationId,
            ResponseCode = "0",
            ResponseDescription = "Accept the service request successfully.",
        });
    }

    private string StatusBody(PayoutRecord payout, string queryOriginatorId, string conversationId, Uri timeoutUrl) =>
        ResultEnvelope.Serialize(
            "0",
            "The service request is processed successfully.",
            queryOriginatorId,
            conversationId,
            payout.TransactionId,
            timeoutUrl,
            [
                ("DebitPartyName", $"{options.B2CShortCode} - Chama Simulator"),
                ("CreditPartyName", $"{payout.PhoneNumber} - JANE WANJIKU"),
                ("OriginatorConversationID", payout.OriginatorConversationId),
                ("InitiatedTime", long.Parse(DarajaIds.Nairobi(payout.SettlesAt - options.CallbackDelay, "yyyyMMddHHmmss"), System.Globalization.CultureInfo.InvariantCulture)),
                ("DebitAccountType", "Utility Account"),
                ("DebitPartyCharges", payout.Outcome.Succeeds ? "Fee For B2C Payment|KES|22.40" : ""),
                ("TransactionReason", ""),
                ("ReasonType", payout.Outcome.Succeeds ? "Business Payment to Customer via API" : payout.Outcome.ResultDescription),
                ("TransactionStatus", payout.Outcome.Succeeds ? "Completed" : "Failed"),
                ("FinalisedTime", long.Parse(DarajaIds.Nairobi(payout.SettlesAt, "yyyyMMddHHmmss"), System.Globalization.CultureInfo.InvariantCulture)),
                ("Amount", payout.Amount),
                ("ConversationID", payout.ConversationId),
                ("ReceiptNo", payout.TransactionId),
            ]);
}
