using System.Text.Json;

namespace Chama.Mpesa.Callbacks;

/// <summary>The <c>Result</c> envelope of B2C results and transaction status answers.</summary>
public sealed record DarajaResult(
    string ResultCode,
    string ResultDescription,
    string OriginatorConversationId,
    string ConversationId,
    string TransactionId,
    IReadOnlyDictionary<string, string> Parameters)
{
    public bool Succeeded => ResultCode == "0";

    public string? Parameter(string key) => Parameters.GetValueOrDefault(key);

    /// <summary>
    /// Safaricom's published samples spell parameter keys two ways: <c>"Transaction Status"</c>, <c>"Receipt No."</c>,
    /// <c>"Originator Conversation ID"</c> (2017) and <c>TransactionStatus</c>, <c>ReceiptNo</c>,
    /// <c>OriginatorConversationID</c> (2024); both are read by the second.
    /// </summary>
    public static string CanonicalKey(string key) => key.Replace(" ", "", StringComparison.Ordinal).TrimEnd('.');

    public static DarajaResult? Parse(string body)
    {
        using var document = CallbackJson.Parse(body);
        if (document is null || CallbackJson.Child(document.RootElement, "Result") is not { } result)
        {
            return null;
        }

        var code = CallbackJson.Text(result, "ResultCode");
        var originator = CallbackJson.Text(result, "OriginatorConversationID");
        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(originator))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (CallbackJson.Child(result, "ResultParameters") is { } wrapper && CallbackJson.Child(wrapper, "ResultParameter") is { } list)
        {
            // A single parameter may arrive as an object rather than a one-item array.
            foreach (var item in list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToArray() : [list])
            {
                if (CallbackJson.Text(item, "Key") is { } key)
                {
                    parameters[CanonicalKey(key)] = CallbackJson.Text(item, "Value") ?? "";
                }
            }
        }

        return new DarajaResult(
            code,
            CallbackJson.Text(result, "ResultDesc") ?? "",
            originator,
            CallbackJson.Text(result, "ConversationID") ?? "",
            CallbackJson.Text(result, "TransactionID") ?? "",
            parameters);
    }
}
