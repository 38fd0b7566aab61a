using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// M-Pesa Express: <c>/mpesa/stkpush/v1/processrequest</c> and <c>/mpesa/stkpushquery/v1/query</c>. A push settles
/// <see cref="DarajaSimulatorOptions.CallbackDelay"/> after it is accepted; before that a query answers "being
/// processed", after it the query tells the outcome whether or not a callback was posted.
/// </summary>
internal sealed class StkEndpoints(DarajaSimulatorOptions options, DarajaIds ids, CallbackSender callbacks)
{
    private const string PayBill = "CustomerPayBillOnline";
    private const string BuyGoods = "CustomerBuyGoodsOnline";
    private readonly ConcurrentDictionary<string, StkPushRecord> byCheckoutId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StkPushRecord> pushes = new();
    private int queries;

    public ScriptQueue<StkOutcome> Script { get; } = new(StkOutcome.Success);

    public IReadOnlyList<StkPushRecord> Pushes => [.. pushes];

    public int Queries => Volatile.Read(ref queries);

    public void Map(WebApplication app)
    {
        app.MapPost("/mpesa/stkpush/v1/processrequest", PushAsync);
        app.MapPost("/mpesa/stkpushquery/v1/query", QueryAsync);
    }

    public Task ResendAsync(string checkoutRequestId, int times) =>
        byCheckoutId.TryGetValue(checkoutRequestId, out var push)
            ? callbacks.SendAsync(push.CallbackUrl, CallbackBody(push), times)
            : throw new ArgumentException($"No STK push {checkoutRequestId} was made.", nameof(checkoutRequestId));

    private async Task PushAsync(HttpContext context)
    {
        if (await DarajaRequest.ReadAsync(context) is not { } request)
        {
            return;
        }

        var type = request.Text("TransactionType");
        var amount = request.Shillings("Amount", 1, 250_000);
        var callbackUrl = request.AbsoluteUrl("CallBackURL");
        if (await RefusedAsync(
            context,
            request,
            ("TransactionType", type is PayBill or BuyGoods),
            ("Amount", amount is not null),
            ("PartyA", request.IsMsisdn("PartyA")),
            // A paybill is paid to itself; a till is paid to its till number.
            ("PartyB", type == PayBill ? request.Text("PartyB") == options.ShortCode : request.Text("PartyB").All(char.IsAsciiDigit)),
            ("PhoneNumber", request.IsMsisdn("PhoneNumber")),
            ("CallBackURL", callbackUrl is not null),
            ("AccountReference", request.HasLength("AccountReference", 1, 12)),
            ("TransactionDesc", request.HasLength("TransactionDesc", 0, 13))))
        {
            return;
        }

        var outcome = Script.Next();
        await Task.Delay(outcome.AnswerDelay, options.Clock, context.RequestAborted);
        var push = new StkPushRecord(
            ids.MerchantRequestId(),
            ids.CheckoutRequestId(),
            request.Text("PhoneNumber"),
            amount!.Value,
            request.Text("AccountReference"),
            request.Text("TransactionDesc"),
            callbackUrl!,
            outcome,
            outcome.Succeeds ? ids.Receipt() : null,
            options.Clock.GetUtcNow() + options.CallbackDelay);
        byCheckoutId[push.CheckoutRequestId] = push;
        pushes.Enqueue(push);
        callbacks.Schedule(push.CallbackUrl, CallbackBody(push), options.CallbackDelay, outcome.Callbacks);
        await SimulatorJson.WriteAsync(context, new
        {
            MerchantRequestID = push.MerchantRequestId,
            CheckoutRequestID = push.CheckoutRequestId,
            ResponseCode = "0",
            ResponseDescription = "Success. Request accepted for processing",
            CustomerMessage = "Success. Request accepted for processing",
        });
    }

    private async Task QueryAsync(HttpContext context)
    {
        if (await DarajaRequest.ReadAsync(context) is not { } request)
        {
            return;
        }

        byCheckoutId.TryGetValue(request.Text("CheckoutRequestID"), out var push);
        if (await RefusedAsync(
            context,
            request,
            ("CheckoutRequestID", push is not null)))
        {
            return;
        }

        Interlocked.Increment(ref queries);
        if (options.Clock.GetUtcNow() < push!.SettlesAt)
        {
            // Daraja answers an unanswered prompt with an error, not a pending status.
            await DarajaErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "500.001.1001", "The transaction is being processed");
            return;
        }

        await SimulatorJson.WriteAsync(context, new
        {
            ResponseCode = "0",
            ResponseDescription = "The service request has been accepted successsfully",
            MerchantRequestID = push.MerchantRequestId,
            CheckoutRequestID = push.CheckoutRequestId,
            push.Outcome.ResultCode,
            ResultDesc = push.Outcome.ResultDescription,
        });
    }

    /// <summary>
    /// Shortcode and timestamp, the endpoint's own fields, then the password, Base64(ShortCode + PassKey + Timestamp),
    /// computed here independently of any client. True when the request was refused.
    /// </summary>
    private async Task<bool> RefusedAsync(HttpContext context, DarajaRequest request, params (string Field, bool Valid)[] fields)
    {
        if (await DarajaRequest.RefusedAsync(
            context,
            [
                ("BusinessShortCode", request.Text("BusinessShortCode") == options.ShortCode),
                ("Timestamp", request.IsDigits("Timestamp", 14)),
                .. fields,
            ]))
        {
            return true;
        }

        if (request.Text("Password") == Convert.ToBase64String(Encoding.ASCII.GetBytes(options.ShortCode + options.PassKey + request.Text("Timestamp"))))
        {
            return false;
        }

        await DarajaErrors.WrongCredentialsAsync(context);
        return true;
    }

    /// <summary>The final callback: metadata only on success, Balance without a value, numbers as numbers.</summary>
    private static string CallbackBody(StkPushRecord push) => SimulatorJson.Serialize(new
    {
        Body = new
        {
            stkCallback = new
            {
                MerchantRequestID = push.MerchantRequestId,
                CheckoutRequestID = push.CheckoutRequestId,
                ResultCode = SimulatorJson.Code(push.Outcome.ResultCode),
                ResultDesc = push.Outcome.ResultDescription,
                CallbackMetadata = push.Receipt is null ? null : new
                {
                    Item = new object[]
                    {
                        new { Name = "Amount", Value = push.Amount * 1.00m },
                        new { Name = "MpesaReceiptNumber", Value = push.Receipt },
                        new { Name = "Balance" },
                        new { Name = "TransactionDate", Value = long.Parse(DarajaIds.Nairobi(push.SettlesAt, "yyyyMMddHHmmss"), CultureInfo.InvariantCulture) },
                        new { Name = "PhoneNumber", Value = long.Parse(push.PhoneNumber, CultureInfo.InvariantCulture) },
                    },
                },
            },
        },
    });
}
