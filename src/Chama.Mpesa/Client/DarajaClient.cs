using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chama.Mpesa.Client;

/// <summary>What M-Pesa accepted for an STK push: the CheckoutRequestID is the payment attempt's key.</summary>
public sealed record StkPushAccepted(string MerchantRequestId, string CheckoutRequestId, string CustomerMessage);

/// <summary>An STK query's answer: still pending, or settled with Daraja's result code.</summary>
public sealed record StkQueryResult(bool Pending, string ResultCode, string ResultDescription);

/// <summary>What M-Pesa accepted for a B2C payout; the outcome arrives at the result URL.</summary>
public sealed record B2CAccepted(string ConversationId, string OriginatorConversationId);

/// <summary>
/// What M-Pesa accepted for a transaction status query: the query's own ids, under which its Result will arrive (empty
/// when Daraja's answer did not give one).
/// </summary>
public sealed record StatusQueryAccepted(string ConversationId, string OriginatorConversationId);

/// <summary>
/// The typed Daraja client. Token, queries and URL registration go through a client that retries transient faults;
/// an STK push or a B2C payment never does: a payment request is never re-sent blindly, and an unknown outcome is
/// settled by a query.
/// </summary>
public sealed class DarajaClient(IHttpClientFactory clients, DarajaTokenSource tokens, IOptionsMonitor<MpesaOptions> options, TimeProvider clock)
{
    public const string RetryingClient = "daraja";
    public const string PaymentClient = "daraja-payments";

    /// <summary>
    /// Daraja's field names are case-sensitive PascalCase (<c>BusinessShortCode</c>, <c>CallBackURL</c>); the web
    /// defaults <see cref="JsonContent"/> would otherwise use turn them into camelCase, which Daraja refuses.
    /// </summary>
    private static readonly JsonSerializerOptions WireFormat = new(JsonSerializerDefaults.General);

    public async Task<StkPushAccepted> StartStkPushAsync(string phoneDigits, long shillings, string accountReference, string description, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var timestamp = StkPassword.Timestamp(clock.GetUtcNow());
        using var body = await PostAsync(PaymentClient, "/mpesa/stkpush/v1/processrequest", new
        {
            BusinessShortCode = long.Parse(settings.ShortCode, System.Globalization.CultureInfo.InvariantCulture),
            Password = StkPassword.Compute(settings.ShortCode, settings.PassKey, timestamp),
            Timestamp = timestamp,
            settings.TransactionType,
            Amount = shillings,
            PartyA = long.Parse(phoneDigits, System.Globalization.CultureInfo.InvariantCulture),
            PartyB = long.Parse(settings.ShortCode, System.Globalization.CultureInfo.InvariantCulture),
            PhoneNumber = long.Parse(phoneDigits, System.Globalization.CultureInfo.InvariantCulture),
            CallBackURL = settings.CallbackUrl("stk"),
            AccountReference = Cut(accountReference, 12),
            TransactionDesc = Cut(description, 13),
        }, cancellationToken);
        var root = body.RootElement;
        EnsureAccepted(root);
        return new StkPushAccepted(Text(root, "MerchantRequestID"), Text(root, "CheckoutRequestID"), Text(root, "CustomerMessage"));
    }

    public async Task<StkQueryResult> QueryStkAsync(string checkoutRequestId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var timestamp = StkPassword.Timestamp(clock.GetUtcNow());
        try
        {
            using var body = await PostAsync(RetryingClient, "/mpesa/stkpushquery/v1/query", new
            {
                BusinessShortCode = long.Parse(settings.ShortCode, System.Globalization.CultureInfo.InvariantCulture),
                Password = StkPassword.Compute(settings.ShortCode, settings.PassKey, timestamp),
                Timestamp = timestamp,
                CheckoutRequestID = checkoutRequestId,
            }, cancellationToken);
            return new StkQueryResult(false, Text(body.RootElement, "ResultCode"), Text(body.RootElement, "ResultDesc"));
        }
        catch (DarajaException refused) when (refused.IsStillProcessing)
        {
            return new StkQueryResult(true, "", refused.Message);
        }
    }

    public async Task RegisterC2BUrlsAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var body = await PostAsync(RetryingClient, "/mpesa/c2b/v2/registerurl", new
        {
            settings.ShortCode,
            ResponseType = "Completed",
            ConfirmationURL = settings.CallbackUrl("c2b/confirmation"),
            ValidationURL = settings.CallbackUrl("c2b/validation"),
        }, cancellationToken);
        EnsureAccepted(body.RootElement);
    }

    public async Task<B2CAccepted> SendB2CAsync(string originatorConversationId, string phoneDigits, long shillings, string remarks, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var body = await PostAsync(PaymentClient, "/mpesa/b2c/v3/paymentrequest", new
        {
            OriginatorConversationID = originatorConversationId,
            settings.InitiatorName,
            settings.SecurityCredential,
            CommandID = "BusinessPayment",
            Amount = shillings,
            PartyA = long.Parse(settings.B2CShortCode, System.Globalization.CultureInfo.InvariantCulture),
            PartyB = long.Parse(phoneDigits, System.Globalization.CultureInfo.InvariantCulture),
            Remarks = Cut(remarks, 100),
            QueueTimeOutURL = settings.CallbackUrl("b2c/timeout"),
            ResultURL = settings.CallbackUrl("b2c/result"),
            Occassion = Cut(remarks, 100),
        }, cancellationToken);
        EnsureAccepted(body.RootElement);
        return new B2CAccepted(Text(body.RootElement, "ConversationID"), Text(body.RootElement, "OriginatorConversationID"));
    }

    /// <summary>
    /// Asks for a payout's outcome by our OriginatorConversationID; the answer arrives at the status result URL, under
    /// the ids returned here.
    /// </summary>
    public async Task<StatusQueryAccepted> QueryTransactionStatusAsync(string originatorConversationId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        using var body = await PostAsync(RetryingClient, "/mpesa/transactionstatus/v1/query", new
        {
            Initiator = settings.InitiatorName,
            settings.SecurityCredential,
            CommandID = "TransactionStatusQuery",
            OriginalConversationID = originatorConversationId,
            PartyA = long.Parse(settings.B2CShortCode, System.Globalization.CultureInfo.InvariantCulture),
            IdentifierType = 4,
            ResultURL = settings.CallbackUrl("status/result"),
            QueueTimeOutURL = settings.CallbackUrl("status/timeout"),
            Remarks = "Payout status",
            Occasion = "Payout status",
        }, cancellationToken);
        EnsureAccepted(body.RootElement);
        return new StatusQueryAccepted(Text(body.RootElement, "ConversationID"), Text(body.RootElement, "OriginatorConversationID"));
    }

    internal static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        }
        catch (JsonException)
        {
            throw new DarajaException("unreadable", $"Daraja answered {(int)response.StatusCode} with a body that is not JSON.", (int)response.StatusCode);
        }

        if (response.IsSuccessStatusCode)
        {
            return document;
        }

        using (document)
        {
            var root = document.RootElement;
            throw new DarajaException(
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errorCode", out var code) ? code.ToString() : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errorMessage", out var message) ? message.ToString() : "Daraja refused the request.",
                (int)response.StatusCode);
        }
    }

    /// <summary>
    /// Posts with the cached token. A 401 means Daraja refused the token before looking at the request, so the request
    /// is sent once more with a fresh token; that is safe even for a payment, which Daraja never acted on.
    /// </summary>
    private async Task<JsonDocument> PostAsync(string client, string path, object payload, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        using (var response = await SendAsync(client, path, payload, token, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return await ReadAsync(response, cancellationToken);
            }
        }

        tokens.Forget(token);
        using var retried = await SendAsync(client, path, payload, await tokens.GetAsync(cancellationToken), cancellationToken);
        return await ReadAsync(retried, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string client, string path, object payload, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.CurrentValue.BaseUrl.TrimEnd('/')}{path}")
        {
            Content = JsonContent.Create(payload, options: WireFormat),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await clients.CreateClient(client).SendAsync(request, cancellationToken);
    }

    private static void EnsureAccepted(JsonElement root)
    {
        var code = Text(root, "ResponseCode");
        if (code != "0")
        {
            throw new DarajaException(code, Text(root, "ResponseDescription"), 200);
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ToString() : "";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
