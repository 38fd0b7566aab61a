using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Mpesa.Tests;

/// <summary>
/// The real <see cref="DarajaClient"/>, built as the host builds it, pointed at a fresh simulator, with its callback
/// URLs pointed at a <see cref="CallbackListener"/>.
/// </summary>
public sealed class DarajaHarness : IAsyncDisposable
{
    public const string Phone = "254712345678";
    private readonly ServiceProvider services;

    private DarajaHarness(DarajaSimulator simulator, CallbackListener callbacks, ServiceProvider services)
    {
        Simulator = simulator;
        Callbacks = callbacks;
        this.services = services;
    }

    public DarajaSimulator Simulator { get; }

    public CallbackListener Callbacks { get; }

    public DarajaClient Client => services.GetRequiredService<DarajaClient>();

    public DarajaTokenSource Tokens => services.GetRequiredService<DarajaTokenSource>();

    /// <param name="simulator">Changes to the simulator's options (its callbacks come after 50 ms by default).</param>
    /// <param name="client">Changes to the client's <c>Mpesa</c> settings, e.g. a wrong passkey.</param>
    /// <param name="clientClock">The client's clock; the system clock by default.</param>
    public static async Task<DarajaHarness> StartAsync(
        Action<DarajaSimulatorOptions>? simulator = null,
        Action<IDictionary<string, string?>>? client = null,
        TimeProvider? clientClock = null)
    {
        var options = new DarajaSimulatorOptions { CallbackDelay = TimeSpan.FromMilliseconds(50) };
        simulator?.Invoke(options);
        var running = await DarajaSimulator.StartAsync(options);
        var callbacks = await CallbackListener.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Mpesa:BaseUrl"] = running.BaseUrl.ToString(),
            ["Mpesa:ConsumerKey"] = options.ConsumerKey,
            ["Mpesa:ConsumerSecret"] = options.ConsumerSecret,
            ["Mpesa:ShortCode"] = options.ShortCode,
            ["Mpesa:PassKey"] = options.PassKey,
            ["Mpesa:B2CShortCode"] = options.B2CShortCode,
            ["Mpesa:InitiatorName"] = options.InitiatorName,
            ["Mpesa:SecurityCredential"] = options.SecurityCredential,
            ["Mpesa:CallbackBaseUrl"] = callbacks.BaseUrl.ToString(),
            ["Mpesa:CallbackToken"] = "k7Qx2Lr9",
        };
        client?.Invoke(settings);
        var services = new ServiceCollection()
            .AddSingleton(clientClock ?? TimeProvider.System)
            .AddDaraja(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return new DarajaHarness(running, callbacks, services);
    }

    public Task<StkPushAccepted> PushAsync(long shillings = 500, string phone = Phone) =>
        Client.StartStkPushAsync(phone, shillings, "GRP1-M07", "Contribution", CancellationToken.None);

    public Task<B2CAccepted> PayOutAsync(string originatorConversationId, long shillings = 1500, string phone = Phone) =>
        Client.SendB2CAsync(originatorConversationId, phone, shillings, "Round 3 payout", CancellationToken.None);

    /// <summary>Queries until the push has settled, as the reconciliation worker would.</summary>
    public Task<StkQueryResult> QueryUntilSettledAsync(string checkoutRequestId) =>
        Eventually.ReturnsAsync(() => Client.QueryStkAsync(checkoutRequestId, CancellationToken.None), result => !result.Pending, "the push to settle");

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Callbacks.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
