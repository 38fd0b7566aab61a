using System.Net;

namespace Chama.Bot.Tests;

/// <summary>
/// With <c>Ussd:AllowedCallbackIps</c>, only Africa's Talking's addresses are heard, even with the right token; behind
/// the trusted proxy, the caller the proxy names. Others get 404 and leave nothing.
/// </summary>
public sealed class UssdAllowListTests : IDisposable
{
    private const string AfricasTalking = "3.248.133.177";
    private readonly BotFactory factory = new BotFactory()
        .With("Ussd:AllowedCallbackIps:0", AfricasTalking)
        .With("Proxy:TrustedAddresses:0", "127.0.0.1");

    public UssdAllowListTests()
    {
        factory.UseKestrel(0);
        factory.StartServer();
    }

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData(AfricasTalking, HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.NotFound)]
    [InlineData(null, HttpStatusCode.NotFound)]
    public async Task Only_an_allowed_caller_forwarded_by_the_trusted_proxy_is_heard(string? forwardedFor, HttpStatusCode expected)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Channels.UssdPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["sessionId"] = "ATUid_1", ["serviceCode"] = "*384*123#", ["phoneNumber"] = Phones.Samuel, ["networkCode"] = "63902", ["text"] = "",
            }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }
}
