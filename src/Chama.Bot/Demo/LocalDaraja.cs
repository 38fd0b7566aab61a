using Chama.Bot.Hosting;
using System.Security.Cryptography;
using Chama.Mpesa;
using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Demo;

/// <summary>
/// <c>Mpesa:Simulate</c> (on in Development): the Daraja simulator runs inside the host on 127.0.0.1 and the bot talks
/// to it exactly as to Safaricom, over HTTP with the real client; the simulator calls the bot back on its own address.
/// Every push succeeds after <c>Mpesa:SimulatedDelayMs</c>, as if the member had entered their PIN.
/// </summary>
public sealed partial class LocalDaraja(
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    OwnCallbackAddress callbackAddress,
    IServiceProvider services,
    ILogger<LocalDaraja> logger) : IHostedService, IAsyncDisposable
{
    private static readonly DarajaSimulatorOptions Defaults = new();
    private DarajaSimulator? simulator;

    /// <summary>The callback token of this process, unless one is configured.</summary>
    private readonly string token = RandomNumberGenerator.GetHexString(32, lowercase: true);

    public DarajaSimulator Simulator => simulator ?? throw new InvalidOperationException("The local Daraja has not started yet.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mpesa = configuration.GetSection(MpesaOptions.Section);
        simulator = await DarajaSimulator.StartAsync(
            new DarajaSimulatorOptions
            {
                CallbackDelay = TimeSpan.FromMilliseconds(mpesa.GetValue("SimulatedDelayMs", 1500)),
                ConsumerKey = mpesa[nameof(MpesaOptions.ConsumerKey)] is { Length: > 0 } key ? key : Defaults.ConsumerKey,
                ConsumerSecret = mpesa[nameof(MpesaOptions.ConsumerSecret)] is { Length: > 0 } secret ? secret : Defaults.ConsumerSecret,
            },
            cancellationToken);
        // Paybill URLs are registered once the host listens, when its callback address is known.
        lifetime.ApplicationStarted.Register(() => _ = RegisterPaybillUrlsAsync(lifetime.ApplicationStopping));
        LogStarted(simulator.BaseUrl);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Once: the container disposes this both as itself and as the hosted service it also is.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref simulator, null) is { } running)
        {
            await running.DisposeAsync();
        }
    }

    /// <summary>Points the M-Pesa settings at the simulator, filling whatever is not configured with its credentials.</summary>
    public void Configure(MpesaOptions options)
    {
        options.BaseUrl = Simulator.BaseUrl.ToString();
        options.ConsumerKey = Fill(options.ConsumerKey, Defaults.ConsumerKey);
        options.ConsumerSecret = Fill(options.ConsumerSecret, Defaults.ConsumerSecret);
        options.ShortCode = Fill(options.ShortCode, Defaults.ShortCode);
        options.PassKey = Fill(options.PassKey, Defaults.PassKey);
        options.B2CShortCode = Fill(options.B2CShortCode, Defaults.B2CShortCode);
        options.InitiatorName = Fill(options.InitiatorName, Defaults.InitiatorName);
        options.SecurityCredential = Fill(options.SecurityCredential, Defaults.SecurityCredential);
        options.CallbackToken = Fill(options.CallbackToken, token);
    }

    private static string Fill(string value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    private async Task RegisterPaybillUrlsAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Started-callbacks run last-registered first: make sure the settings know this host's address already.
            callbackAddress.Refresh();
            await services.GetRequiredService<DarajaClient>().RegisterC2BUrlsAsync(cancellationToken);
        }
#pragma warning disable CA1031 // A demo without paybill callbacks still runs; the log says why.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            LogRegistrationFailed(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local Daraja simulator listening on {BaseUrl}")]
    private partial void LogStarted(Uri baseUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register paybill URLs with the local Daraja")]
    private partial void LogRegistrationFailed(Exception failure);
}

public static class LocalDarajaRegistration
{
    public static IServiceCollection AddLocalDaraja(this IServiceCollection services)
    {
        services.AddSingleton<LocalDaraja>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalDaraja>());
        services.AddSingleton<IPostConfigureOptions<MpesaOptions>>(sp => new PostConfigureOptions<MpesaOptions>(Options.DefaultName, sp.GetRequiredService<LocalDaraja>().Configure));
        return services;
    }
}
