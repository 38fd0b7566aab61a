using System.Text.Json;

namespace Chama.Mpesa.Callbacks;

/// <summary>The result of an STK push (<c>Body.stkCallback</c>). Metadata items are read by name, never by position.</summary>
public sealed record StkCallback(
    string MerchantRequestId,
    string CheckoutRequestId,
    string ResultCode,
    string ResultDescription,
    long? AmountCents,
    string? Receipt,
    string? PhoneNumber)
{
    public bool Succeeded => ResultCode == "0";

    /// <summary>Strict: a body without a CheckoutRequestID and a result code, or a success without amount and receipt, is refused.</summary>
    public static StkCallback? Parse(string body)
    {
        using var document = CallbackJson.Parse(body);
        if (document is null
            || CallbackJson.Child(document.RootElement, "Body") is not { } envelope
            || CallbackJson.Child(envelope, "stkCallback") is not { } callback)
        {
            return null;
        }

        var checkout = CallbackJson.Text(callback, "CheckoutRequestID");
        var code = CallbackJson.Text(callback, "ResultCode");
        if (string.IsNullOrWhiteSpace(checkout) || string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var items = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (CallbackJson.Child(callback, "CallbackMetadata") is { } metadata && CallbackJson.Child(metadata, "Item") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (CallbackJson.Text(item, "Name") is { } name)
                {
                    items[name] = CallbackJson.Text(item, "Value");
                }
            }
        }

        var parsed = new StkCallback(
            CallbackJson.Text(callback, "MerchantRequestID") ?? "",
            checkout,
            code,
            CallbackJson.Text(callback, "ResultDesc") ?? "",
            CallbackJson.Cents(items.GetValueOrDefault("Amount")),
            items.GetValueOrDefault("MpesaReceiptNumber"),
            items.GetValueOrDefault("PhoneNumber"));
        return parsed.Succeeded && (parsed.AmountCents is null || parsed.Receipt is null) ? null : parsed;
    }
}
