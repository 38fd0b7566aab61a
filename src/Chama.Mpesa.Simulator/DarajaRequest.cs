using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// A Daraja request body. Fields are read as text whether they arrive as JSON numbers or strings, because clients
/// send shortcodes, amounts and phone numbers either way.
/// </summary>
internal sealed class DarajaRequest
{
    private readonly JsonElement root;

    private DarajaRequest(JsonElement root) => this.root = root;

    /// <summary>The body, or null (after answering 400) when it is not a JSON object sent as JSON.</summary>
    public static async Task<DarajaRequest?> ReadAsync(HttpContext context)
    {
        if (context.Request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return new DarajaRequest(document.RootElement.Clone());
                }
            }
            catch (JsonException)
            {
            }
        }

        await DarajaErrors.InvalidPayloadAsync(context);
        return null;
    }

    public string Text(string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Number => value.GetRawText(),
                _ => "",
            }
            : "";

    /// <summary>A whole number of shillings within the API's limits, or null.</summary>
    public long? Shillings(string name, long min, long max) =>
        decimal.TryParse(Text(name), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
        && value == decimal.Truncate(value) && value >= min && value <= max
            ? (long)value
            : null;

    /// <summary>A Kenyan MSISDN as M-Pesa wants it: 12 digits, <c>254…</c>, no plus.</summary>
    public bool IsMsisdn(string name) => Text(name) is { Length: 12 } digits && digits.StartsWith("254", StringComparison.Ordinal) && digits.All(char.IsAsciiDigit);

    public bool IsDigits(string name, int length) => Text(name) is var digits && digits.Length == length && digits.All(char.IsAsciiDigit);

    public Uri? AbsoluteUrl(string name) =>
        Uri.TryCreate(Text(name), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;

    public bool HasLength(string name, int min, int max) => Text(name).Length is var length && length >= min && length <= max;

    /// <summary>Answers 400 naming the first field whose check failed, in the order given; true when it did.</summary>
    public static async Task<bool> RefusedAsync(HttpContext context, params (string Field, bool Valid)[] checks)
    {
        var invalid = checks.FirstOrDefault(check => !check.Valid).Field;
        if (invalid is null)
        {
            return false;
        }

        await DarajaErrors.InvalidFieldAsync(context, invalid);
        return true;
    }
}
