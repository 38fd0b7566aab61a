using System.Net;
using System.Text;
using Chama.Bot.Hosting;
using Chama.Bot.Tests.Faults;
using Chama.Bot.Tests.Mpesa;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NSubstitute;

namespace Chama.Bot.Tests;

/// <summary>
/// A production host never serves a door open: without a channel's secret it refuses to start, with one line naming the
/// missing key, unless the operator switches that channel off, and then its endpoints are not there at all.
/// </summary>
public sealed class ChannelSwitchTests
{
    private static readonly Dictionary<string, string?> Locked = new()
    {
        ["Twilio:AuthToken"] = "twilio-secret",
        ["Ussd:CallbackToken"] = "ussd-secret",
        ["Mpesa:ConsumerKey"] = "key",
        ["Mpesa:CallbackToken"] = "mpesa-secret",
    };

    public static TheoryData<string, string?, string> Missing => new()
    {
        { "Twilio:AuthToken", null, "Twilio:AuthToken is not set" },
        { "Twilio:AuthToken", " ", "Twilio:AuthToken is not set" },
        { "Ussd:CallbackToken", null, "Ussd:CallbackToken is not set" },
        { "Ussd:CallbackToken", "", "Ussd:CallbackToken is not set" },
        { "Mpesa:CallbackToken", null, "Mpesa:CallbackToken is not set" },
    };

    [Theory]
    [MemberData(nameof(Missing))]
    public void Outside_Development_a_served_channel_without_its_secret_is_refused_naming_the_key(string key, string? value, string expected)
    {
        var refusal = Refusal(Production, (key, value));

        Assert.NotNull(refusal);
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal);
    }

    [Fact]
    public void Every_door_with_its_secret_starts()
    {
        Assert.Null(Refusal(Production));
    }

    [Fact]
    public void M_Pesa_that_is_not_configured_needs_no_callback_token()
    {
        Assert.Null(Refusal(Production, ("Mpesa:ConsumerKey", null), ("Mpesa:CallbackToken", null)));
    }

    [Theory]
    [InlineData("Twilio:AuthToken", "Channels:WhatsApp")]
    [InlineData("Ussd:CallbackToken", "Channels:Ussd")]
    [InlineData("Mpesa:CallbackToken", "Channels:Mpesa")]
    public void A_channel_switched_off_needs_no_secret(string key, string channel)
    {
        Assert.Null(Refusal(Production, (key, null), (channel, "false")));
    }

    [Fact]
    public void Development_is_not_refused()
    {
        Assert.Null(Refusal(Environments.Development, ("Twilio:AuthToken", null), ("Ussd:CallbackToken", null), ("Mpesa:CallbackToken", null)));
    }

    [Theory]
    [InlineData("Ussd:CallbackToken")]
    [InlineData("Twilio:AuthToken")]
    public async Task A_production_host_without_a_secret_exits_with_one_line_naming_it(string missing)
    {
        var settings = Locked.Where(s => s.Key != missing).ToDictionary(s => s.Key, s => s.Value!);

        var (exitCode, output) = await HostProcess.RunUntilExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"Chama.Bot will not start: {missing} is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channels_switched_off_are_not_served_even_with_the_right_secrets()
    {
        using var factory = new BotFactory().WithCallbacks()
            .With("Channels:WhatsApp", "false").With("Channels:Ussd", "false").With("Channels:Mpesa", "false");
        var client = factory.CreateClient();
        var channels = new Channels(client);

        using var whatsapp = await channels.PostWhatsAppAsync(Channels.WhatsAppForm(Phones.Samuel, "BALANCE"));
        using var ussd = await channels.PostUssdAsync(new Dictionary<string, string> { ["sessionId"] = "ATUid_1", ["phoneNumber"] = Phones.Samuel, ["text"] = "" });
        using var stk = await client.PostAsync(new Uri($"/webhooks/payments/{DarajaCallbacks.Token}/stk", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, whatsapp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ussd.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }

    [Fact]
    public async Task A_host_with_USSD_switched_off_starts_without_its_token()
    {
        using var factory = new BotFactory().With("Ussd:CallbackToken", "").With("Channels:Ussd", "false");

        using var health = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private const string Production = "Production";

    private static string? Refusal(string environment, params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(Locked);
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = Substitute.For<IHostEnvironment>();
        host.EnvironmentName.Returns(environment);
        return ChannelSwitches.Read(configuration).Refusal(configuration, host);
    }
}
