using System.Security.Cryptography;
using System.Text;

namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>Twilio's webhook signature, as its SDK's RequestValidator checks it.</summary>
internal static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    /// <summary>Base64 of HMAC-SHA1, keyed by the Auth Token, over the full URL then every parameter's name and value sorted by name.</summary>
    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
