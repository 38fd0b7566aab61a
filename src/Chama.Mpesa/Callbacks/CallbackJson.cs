using System.Globalization;
using System.Text.Json;

namespace Chama.Mpesa.Callbacks;

/// <summary>Reading Daraja's JSON, whose numbers sometimes arrive as strings and whose codes are sometimes not numbers.</summary>
internal static class CallbackJson
{
    /// <summary>
    /// The body's document when it is a JSON object, else null. The caller reads it and disposes of it: nothing read
    /// from it outlives the parse, so it is never copied.
    /// </summary>
    public static JsonDocument? Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public static JsonElement? Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    /// <summary>
    /// Far beyond any M-Pesa transaction (KES 250,000 at most); a larger "amount" is not one, and turning it into cents
    /// could overflow.
    /// </summary>
    public const decimal MaxShillings = 1_000_000_000m;

    /// <summary>An amount in shillings (<c>500.00</c>, <c>"5.00"</c>) as cents, exactly; null when it is not a plausible amount.</summary>
    public static long? Cents(string? amount) =>
        decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= MaxShillings && decimal.Round(value, 2) == value
            ? (long)(value * 100)
            : null;
}
