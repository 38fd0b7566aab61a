namespace Chama.Mpesa.Simulator;

/// <summary>
/// The <c>{"Result":{…}}</c> envelope Daraja posts for B2C payouts and transaction status queries. Parameters are
/// left out when there are none, as on a failed payout.
/// </summary>
internal static class ResultEnvelope
{
    public static string Serialize(
        string resultCode,
        string resultDescription,
        string originatorConversationId,
        string conversationId,
        string transactionId,
        Uri queueTimeOutUrl,
        IReadOnlyList<(string Key, object Value)> parameters) =>
        SimulatorJson.Serialize(new
        {
            Result = new
            {
                ResultType = 0,
                ResultCode = SimulatorJson.Code(resultCode),
                ResultDesc = resultDescription,
                OriginatorConversationID = originatorConversationId,
                ConversationID = conversationId,
                TransactionID = transactionId,
                ResultParameters = parameters.Count == 0 ? null : new
                {
                    ResultParameter = parameters.Select(parameter => new { parameter.Key, parameter.Value }).ToArray(),
                },
                ReferenceData = new
                {
                    ReferenceItem = new { Key = "QueueTimeoutURL", Value = queueTimeOutUrl.ToString() },
                },
            },
        });
}
