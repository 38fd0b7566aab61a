using Chama.Bot.Benchmarks.Databases;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// The real host (<see cref="Program"/>) on Kestrel at 127.0.0.1 on a free port, over the run's fresh database, as
/// production runs it except for what load needs: environment <c>Benchmark</c>, quiet logging, a per-phone limit too
/// high to refuse load, a known Twilio token, and the bare endpoint beside the webhooks.
/// </summary>
internal sealed class BenchmarkHost : WebApplicationFactory<Program>
{
    public const string AuthToken = "benchmark-auth-token";

    /// <summary>The URL Twilio signs: the host sits behind a proxy, as in production.</summary>
    public const string PublicBaseUrl = "https://bot.example.org";

    /// <summary>Twilio sends its account's id with every webhook; configured, the filter checks it too.</summary>
    public const string AccountSid = "AC00000000000000000000000000bench0";

    public const string UssdServiceCode = "*384*123#";

    /// <summary>The secret path segment of the M-Pesa callback URLs.</summary>
    public const string CallbackToken = "benchmark-callback-token";

    /// <summary>The secret in the USSD callback URL.</summary>
    public const string UssdCallbackToken = "benchmark-ussd-token";

    private readonly RunDatabase database;

    public BenchmarkHost(RunDatabase database)
    {
        this.database = database;
        UseKestrel(0);
    }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Builds and starts the host (migration and the demo seed run here), then reads the address Kestrel bound.</summary>
    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: no simulator page, no developer exception page; what production maps, plus the bare endpoint.
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("Database:Provider", database.Provider);
        builder.UseSetting("ConnectionStrings:Chama", database.ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Twilio:AuthToken", AuthToken);
        builder.UseSetting("Twilio:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Twilio:AccountSid", AccountSid);
        builder.UseSetting("Ussd:ServiceCode", UssdServiceCode);
        builder.UseSetting("Mpesa:CallbackToken", CallbackToken);
        builder.UseSetting("Ussd:CallbackToken", UssdCallbackToken);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The per-phone limiter guards members from a runaway phone; at benchmark rates every phone would be refused.
        builder.UseSetting("RateLimits:PerPhonePerMinute", "1000000");
        // Likewise the per-address limit: every benchmark request comes from 127.0.0.1.
        builder.UseSetting("RateLimits:PerAddressPerMinute", "0");
        builder.ConfigureTestServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, BareEndpoint>());
    }
}
