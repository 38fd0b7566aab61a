using System.Net;
using System.Text;
using Chama.Bot.Tests.Mpesa;

namespace Chama.Bot.Tests;

/// <summary>
/// One source address over <c>RateLimits:PerAddressPerMinute</c> is answered politely, in each caller's own form, and
/// the request does nothing; another address goes on. Behind the trusted proxy the address is the forwarded one.
/// </summary>
public sealed class AddressRateLimitTests : IDisposable
{
    private const string Flooder = "203.0.113.7";
    private const string Neighbour = "203.0.113.8";
    private const string Polite = "You are sending messages too quickly. Please wait a minute, then try again.";
    private readonly BotFactory factory = new BotFactory().WithCallbacks()
        .With("RateLimits:PerAddressPerMinute", "3")
        .With("Proxy:TrustedAddresses:0", "127.0.0.1");

    private readonly HttpClient client;

    public AddressRateLimitTests()
    {
        factory.UseKestrel(0);
        factory.StartServer();
        client = factory.CreateClient();
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task USSD_over_the_limit_is_ended_politely_keeps_no_session_and_another_address_goes_on()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("CON Umoja", await ReadAsync(await PostUssdAsync(Flooder, $"ATUid_{i}")), StringComparison.Ordinal);
        }

        using var refused = await PostUssdAsync(Flooder, "ATUid_over");
        using var neighbour = await PostUssdAsync(Neighbour, "ATUid_n");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"END {Polite}", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "session_key = 'ATUid_over'"));
        Assert.StartsWith("CON Umoja", await ReadAsync(neighbour), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatsApp_over_the_limit_gets_TwiML_saying_so_and_is_not_run()
    {
        for (var i = 0; i < 3; i++)
        {
            (await PostWhatsAppAsync(Flooder, "BALANCE")).Dispose();
        }

        var before = await DatabaseProbe.CountAsync(factory, "inbound_messages");
        using var refused = await PostWhatsAppAsync(Flooder, "BALANCE");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("application/xml", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Polite, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseProbe.CountAsync(factory, "inbound_messages"));
        using var neighbour = await PostWhatsAppAsync(Neighbour, "BALANCE");
        Assert.Contains("Umoja Investment Club", await neighbour.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task M_Pesa_callbacks_over_the_limit_get_429_with_Retry_After_and_are_not_kept()
    {
        for (var i = 0; i < 3; i++)
        {
            (await PostStkAsync(Flooder)).Dispose();
        }

        using var refused = await PostStkAsync(Flooder);
        using var neighbour = await PostStkAsync(Neighbour);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
        Assert.Equal(4, await DatabaseProbe.CountAsync(factory, "mpesa_callbacks"));
    }

    [Fact]
    public async Task Sign_in_code_requests_over_the_limit_get_the_page_saying_so()
    {
        for (var i = 0; i < 3; i++)
        {
            (await PostSignInAsync(Flooder)).Dispose();
        }

        using var refused = await PostSignInAsync(Flooder);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Polite, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var neighbour = await PostSignInAsync(Neighbour);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, neighbour.StatusCode);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return await response.Content.ReadAsStringAsync();
        }
    }

    private Task<HttpResponseMessage> PostUssdAsync(string from, string sessionId) => SendAsync(from, Channels.UssdPath, new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["sessionId"] = sessionId, ["serviceCode"] = "*384*123#", ["phoneNumber"] = Phones.Samuel, ["networkCode"] = "63902", ["text"] = "",
    }));

    private Task<HttpResponseMessage> PostWhatsAppAsync(string from, string body)
    {
        var form = Channels.WhatsAppForm(Phones.Samuel, body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Channels.Sign($"{BotFactory.PublicBaseUrl}/webhooks/whatsapp", form));
        return SendAsync(from, request);
    }

    private Task<HttpResponseMessage> PostStkAsync(string from) =>
        SendAsync(from, $"/webhooks/payments/{DarajaCallbacks.Token}/stk", new StringContent("{}", Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostSignInAsync(string from) =>
        SendAsync(from, "/dashboard/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = Phones.Grace }));

    private Task<HttpResponseMessage> SendAsync(string from, string path, HttpContent content) =>
        SendAsync(from, new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

    /// <summary>As the trusted proxy (127.0.0.1) forwarding a request from <paramref name="from"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(string from, HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Add("X-Forwarded-For", from);
            return await client.SendAsync(request);
        }
    }
}
