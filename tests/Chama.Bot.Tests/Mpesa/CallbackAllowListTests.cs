using System.Net;
using System.Text;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>Behind a trusted proxy, the M-Pesa allow-list checks the caller the proxy names, not the proxy.</summary>
public sealed class CallbackAllowListTests : IDisposable
{
    private const string Safaricom = "196.201.214.200";
    private readonly BotFactory factory = new BotFactory().WithCallbacks()
        .With("Mpesa:AllowedCallbackIps:0", Safaricom)
        .With("Proxy:TrustedAddresses:0", "127.0.0.1");

    public CallbackAllowListTests()
    {
        factory.UseKestrel(0);
        factory.StartServer();
    }

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData(Safaricom, HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.NotFound)]
    [InlineData(null, HttpStatusCode.NotFound)]
    public async Task Only_an_allowed_caller_forwarded_by_the_trusted_proxy_is_heard(string? forwardedFor, HttpStatusCode expected)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/payments/{DarajaCallbacks.Token}/stk")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
