using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Chama.Bot.Tests;

/// <summary>
/// The Development host: it makes its own USSD token, the simulator page dials through the real USSD door with it, and
/// the simulator (which speaks as any member and shows that token) answers callers on this machine only.
/// </summary>
public sealed class SimulatorDoorTests : IDisposable
{
    private readonly BotFactory factory = new BotFactory()
        .With("environment", "Development")
        .With("Ussd:CallbackToken", "")
        .With("Mpesa:Simulate", "false");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_Development_host_makes_its_own_USSD_token_and_the_simulator_dials_through_it()
    {
        var members = await SendAsync("GET", "/simulator/api/members", IPAddress.Loopback);
        Assert.Equal(200, members.StatusCode);
        var path = JsonDocument.Parse(members.Body).RootElement.GetProperty("ussdPath").GetString()!;
        Assert.Matches("^/webhooks/ussd/[0-9a-f]{32}$", path);

        var channels = new Channels(factory.CreateClient());
        using var dialled = await channels.PostUssdAsync(Hop(), path);
        using var guessed = await channels.PostUssdAsync(Hop(), Channels.UssdPath);
        using var empty = await channels.PostUssdAsync(Hop(), "/webhooks/ussd/");

        Assert.Equal(HttpStatusCode.OK, dialled.StatusCode);
        Assert.StartsWith("CON Umoja Investment Club", await dialled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/simulator")]
    [InlineData("GET", "/simulator/api/members")]
    [InlineData("GET", "/simulator/api/messages?phone=%2B254711000004")]
    [InlineData("POST", "/simulator/api/whatsapp")]
    public async Task The_simulator_answers_only_callers_on_this_machine(string method, string path)
    {
        var remote = await SendAsync(method, path, IPAddress.Parse("203.0.113.9"));
        var unknown = await SendAsync(method, path, caller: null);
        var tunnelled = await SendAsync(method, path, IPAddress.Loopback, forwardedFor: "203.0.113.9");
        var local = await SendAsync(method, path, IPAddress.Loopback);
        var localV6 = await SendAsync(method, path, IPAddress.IPv6Loopback);

        Assert.Equal(404, remote.StatusCode);
        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal(404, tunnelled.StatusCode);
        Assert.NotEqual(404, local.StatusCode);
        Assert.NotEqual(404, localV6.StatusCode);
    }

    private static Dictionary<string, string> Hop() => new()
    {
        ["sessionId"] = "SIM-1", ["serviceCode"] = "*384*123#", ["phoneNumber"] = Phones.Samuel, ["networkCode"] = "99999", ["text"] = "",
    };

    /// <summary>A request through the real pipeline from <paramref name="caller"/>, which the in-memory server lets a test choose.</summary>
    private async Task<(int StatusCode, string Body)> SendAsync(string method, string path, IPAddress? caller, string? forwardedFor = null)
    {
        var query = path.Contains('?', StringComparison.Ordinal) ? path[path.IndexOf('?', StringComparison.Ordinal)..] : "";
        var context = await factory.Server.SendAsync(http =>
        {
            http.Request.Method = method;
            http.Request.Path = query.Length > 0 ? path[..path.IndexOf('?', StringComparison.Ordinal)] : path;
            http.Request.QueryString = new QueryString(query);
            http.Connection.RemoteIpAddress = caller;
            if (forwardedFor is not null)
            {
                http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}
