using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// C2B: URL registration (<c>/mpesa/c2b/v1|v2/registerurl</c>) and the paybill payments members make by hand, which
/// Daraja reports to the registered validation URL (when there is one) and then to the confirmation URL.
/// </summary>
internal sealed class C2BEndpoints(DarajaSimulatorOptions options, DarajaIds ids, CallbackSender callbacks)
{
    private readonly ConcurrentDictionary<string, Registration> registrations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PaybillPayment> payments = new();
    private long balance;

    public IReadOnlyList<PaybillPayment> Payments => [.. payments];

    public void Map(WebApplication app)
    {
        app.MapPost("/mpesa/c2b/v1/registerurl", RegisterAsync);
        app.MapPost("/mpesa/c2b/v2/registerurl", RegisterAsync);
    }

    /// <summary>
    /// A member pays <paramref name="shillings"/> to the paybill with <paramref name="billRef"/> as the account. When
    /// validation refuses (a ResultCode other than 0) the payment is not confirmed; when the validation URL cannot be
    /// reached, the registered ResponseType decides, as on Daraja.
    /// </summary>
    public async Task<PaybillPayment> PayAsync(string billRef, long shillings, string msisdn, string firstName)
    {
        if (!registrations.TryGetValue(options.ShortCode, out var registration))
        {
            throw new InvalidOperationException($"No C2B URLs are registered for {options.ShortCode}: M-Pesa would complete the payment without telling anyone.");
        }

        var transId = ids.Receipt();
        var accepted = registration.Validation is null
            || Accepts(await callbacks.PostAsync(registration.Validation, Body(transId, billRef, shillings, msisdn, firstName, "")), registration.ResponseType);
        if (accepted)
        {
            var newBalance = Interlocked.Add(ref balance, shillings);
            await callbacks.PostAsync(registration.Confirmation, Body(transId, billRef, shillings, msisdn, firstName, Money(newBalance)));
        }

        var payment = new PaybillPayment(transId, billRef, shillings, msisdn, accepted);
        payments.Enqueue(payment);
        return payment;
    }

    private async Task RegisterAsync(HttpContext context)
    {
        if (await DarajaRequest.ReadAsync(context) is not { } request)
        {
            return;
        }

        var confirmation = request.AbsoluteUrl("ConfirmationURL");
        var validation = request.AbsoluteUrl("ValidationURL");
        if (await DarajaRequest.RefusedAsync(
            context,
            ("ShortCode", request.Text("ShortCode") == options.ShortCode),
            ("ResponseType", request.Text("ResponseType") is "Completed" or "Cancelled"),
            ("ConfirmationURL", confirmation is not null),
            ("ValidationURL", validation is not null || request.Text("ValidationURL").Length == 0)))
        {
            return;
        }

        registrations[options.ShortCode] = new Registration(confirmation!, validation, request.Text("ResponseType"));
        // "Coversation" is Safaricom's spelling.
        await SimulatorJson.WriteAsync(context, new
        {
            OriginatorCoversationID = ids.OriginatorConversationId(),
            ResponseCode = "0",
            ResponseDescription = "Success",
        });
    }

    private static bool Accepts(string answer, string responseType)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("ResultCode", out var code) && code.ToString() == "0";
        }
        catch (JsonException)
        {
            return responseType == "Completed";
        }
    }

    /// <summary>Validation and confirmation share one shape; every value is a string and the payer's number is masked.</summary>
    private string Body(string transId, string billRef, long shillings, string msisdn, string firstName, string orgBalance) =>
        SimulatorJson.Serialize(new
        {
            TransactionType = "Pay Bill",
            TransID = transId,
            TransTime = ids.NairobiNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            TransAmount = Money(shillings),
            BusinessShortCode = options.ShortCode,
            BillRefNumber = billRef,
            InvoiceNumber = "",
            OrgAccountBalance = orgBalance,
            ThirdPartyTransID = "",
            MSISDN = msisdn.Length > 7 ? $"{msisdn[..4]} ***** {msisdn[^3..]}" : msisdn,
            FirstName = firstName,
            MiddleName = "",
            LastName = "",
        });

    private static string Money(long shillings) => shillings.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record Registration(Uri Confirmation, Uri? Validation, string ResponseType);
}
