using System.Net;

namespace Chama.Bot.Tests;

/// <summary>
/// Strict-Transport-Security, checked as in production: the host behind a TLS-ending proxy (trusted in
/// <c>Proxy:TrustedAddresses</c>) that says the caller used HTTPS, under the host's public name.
/// </summary>
public sealed class TransportSecurityTests : IDisposable
{
    private const string PublicHost = "bot.example.org";
    private readonly BotFactory factory = new BotFactory().With("Proxy:TrustedAddresses:0", "127.0.0.1");

    public TransportSecurityTests()
    {
        factory.UseKestrel(0);
        factory.StartServer();
    }

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/dashboard/sign-in")]
    public async Task An_https_response_carries_strict_transport_security_for_a_year(string path)
    {
        using var response = await GetAsync(path, forwardedProto: "https");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http")]
    public async Task A_plain_http_response_does_not(string? forwardedProto)
    {
        using var response = await GetAsync("/dashboard/sign-in", forwardedProto);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_caller_that_is_not_a_trusted_proxy_cannot_claim_https()
    {
        using var direct = new BotFactory();
        direct.UseKestrel(0);
        direct.StartServer();
        using var client = direct.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = PublicHost;
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? forwardedProto)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = PublicHost;
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await client.SendAsync(request);
    }
}
