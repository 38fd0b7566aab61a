using System.Net.Http.Json;
using System.Text;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>Daraja's callback bodies, as PROTOCOLS.md gives them, posted to the host's secret callback URLs.</summary>
public sealed class DarajaCallbacks(HttpClient client, string token = DarajaCallbacks.Token)
{
    public const string Token = "cb-secret-6f1d2a9c";

    public static string StkSuccess(string checkoutRequestId, long shillings, string receipt, string phone = "254711000004") =>
        """
        {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"@checkoutRequestId","ResultCode":0,
        "ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[{"Name":"Amount","Value":@shillings.00},
        {"Name":"MpesaReceiptNumber","Value":"@receipt"},{"Name":"Balance"},{"Name":"TransactionDate","Value":20260110093015},
        {"Name":"PhoneNumber","Value":@phone}]}}}}
        """.Replace("@checkoutRequestId", checkoutRequestId, StringComparison.Ordinal).Replace("@shillings", shillings.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@receipt", receipt, StringComparison.Ordinal).Replace("@phone", phone, StringComparison.Ordinal);

    public static string StkFailure(string checkoutRequestId, int resultCode, string description = "Request cancelled by user") =>
        """
        {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"@checkoutRequestId","ResultCode":@resultCode,"ResultDesc":"@description"}}}
        """.Replace("@checkoutRequestId", checkoutRequestId, StringComparison.Ordinal).Replace("@resultCode", resultCode.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@description", description, StringComparison.Ordinal);

    public static string Paybill(string transId, string billRef, string amount = "10000.00") =>
        """
        {"TransactionType":"Pay Bill","TransID":"@transId","TransTime":"20260110121325","TransAmount":"@amount","BusinessShortCode":"600984",
        "BillRefNumber":"@billRef","InvoiceNumber":"","OrgAccountBalance":"49197.00","ThirdPartyTransID":"","MSISDN":"2547 ***** 126",
        "FirstName":"SAMUEL","MiddleName":"","LastName":""}
        """.Replace("@transId", transId, StringComparison.Ordinal).Replace("@billRef", billRef, StringComparison.Ordinal).Replace("@amount", amount, StringComparison.Ordinal);

    /// <summary>
    /// A transaction status Result as Daraja posts it: the envelope under the query's own ids, the payout's inside; a
    /// parameter with a null value comes without a <c>Value</c>.
    /// </summary>
    public static string StatusResult(string queryOriginatorId, string queryConversationId, string code, string description, params (string Key, string? Value)[] parameters) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            Result = new
            {
                ResultType = 0,
                ResultCode = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture),
                ResultDesc = description,
                OriginatorConversationID = queryOriginatorId,
                ConversationID = queryConversationId,
                TransactionID = "TKL0000000",
                ResultParameters = new { ResultParameter = parameters.Select(p => p.Value is null ? (object)new { p.Key } : new { p.Key, p.Value }).ToArray() },
                ReferenceData = new { ReferenceItem = new { Key = "Occasion", Value = "Payout status" } },
            },
        });

    public async Task<HttpResponseMessage> PostAsync(string path, string body) =>
        await client.PostAsync(new Uri($"/webhooks/payments/{token}/{path}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Posts and checks Daraja gets the acknowledgement it expects.</summary>
    public async Task<string> DeliverAsync(string path, string body)
    {
        using var response = await PostAsync(path, body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return ack.GetProperty("ResultCode").ToString();
    }
}
