using System.Net;
using System.Security.Cryptography;
using System.Text;
using Twilio.Security;

namespace Chama.Bot.Tests;

/// <summary>Speaks to the host as Twilio and Africa's Talking do: form posts, Twilio's signature, AT's cumulative text.</summary>
public sealed class Channels(HttpClient client)
{
    private int messages;

    public HttpClient Client => client;

    /// <summary>Twilio's signature: HMAC-SHA1 over the URL and every parameter sorted by name, keyed by the Auth Token.</summary>
    public static string Sign(string url, IReadOnlyDictionary<string, string> form, string token = BotFactory.AuthToken)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }

    public static Dictionary<string, string> WhatsAppForm(string phone, string body, string? messageSid = null) => new()
    {
        ["MessageSid"] = messageSid ?? $"SM{Guid.NewGuid():N}",
        ["AccountSid"] = "AC00000000000000000000000000000000",
        ["From"] = $"whatsapp:{phone}",
        ["To"] = "whatsapp:+14155550100",
        ["Body"] = body,
        ["NumMedia"] = "0",
        ["WaId"] = phone.TrimStart('+'),
        ["ProfileName"] = "Member",
    };

    public async Task<HttpResponseMessage> PostWhatsAppAsync(IReadOnlyDictionary<string, string> form, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? Sign($"{BotFactory.PublicBaseUrl}/webhooks/whatsapp", form));
        return await client.SendAsync(request);
    }

    /// <summary>Sends a signed WhatsApp message and returns the text of the TwiML reply.</summary>
    public async Task<string> WhatsAppAsync(string phone, string body, string? messageSid = null)
    {
        Interlocked.Increment(ref messages);
        using var response = await PostWhatsAppAsync(WhatsAppForm(phone, body, messageSid));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        return xml.Root!.Element("Message")?.Value ?? "";
    }

    /// <summary>Africa's Talking's callback URL: the secret token is part of the path.</summary>
    public const string UssdPath = $"/webhooks/ussd/{BotFactory.UssdToken}";

    public async Task<HttpResponseMessage> PostUssdAsync(IReadOnlyDictionary<string, string> form, string path = UssdPath) =>
        await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));

    /// <summary>One USSD hop with the whole session's input so far, as Africa's Talking sends it.</summary>
    public async Task<string> UssdAsync(string sessionId, string phone, string text)
    {
        using var response = await PostUssdAsync(new Dictionary<string, string>
        {
            ["sessionId"] = sessionId,
            ["serviceCode"] = "*384*123#",
            ["phoneNumber"] = phone,
            ["networkCode"] = "63902",
            ["text"] = text,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The SDK's own validator agrees with <see cref="Sign"/>: the tests sign as Twilio does.</summary>
    public static bool SdkAccepts(string url, Dictionary<string, string> form, string signature) =>
        new RequestValidator(BotFactory.AuthToken).Validate(url, form, signature);
}

/// <summary>The demo chama's phones.</summary>
public static class Phones
{
    public const string Grace = "+254712000001";
    public const string Patrick = "+254722000002";
    public const string Diana = "+254733000003";
    public const string Samuel = "+254711000004";
    public const string Stranger = "+254799000099";
}
