using Chama.Core;
using Chama.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Chama.Bot.Tests;

/// <summary>
/// The real host, through its real HTTP pipeline, over a real database (a SQLite file in a fresh temporary folder unless
/// told otherwise, or a schema on the test PostgreSQL server: see <see cref="TestStorage"/>); with a fake clock
/// and a test double behind the payments port (tests of M-Pesa itself use MpesaHost and the Daraja simulator).
/// </summary>
public class BotFactory : WebApplicationFactory<Program>
{
    public const string AuthToken = "test-auth-token";

    /// <summary>The secret in the USSD callback URL, <c>/webhooks/ussd/{token}</c>.</summary>
    public const string UssdToken = "test-ussd-token";

    /// <summary>The URL Twilio signs: the host sits behind a proxy, as in production.</summary>
    public const string PublicBaseUrl = "https://bot.example.org";

    private readonly Dictionary<string, string?> settings = new();
    private readonly List<Action<IServiceCollection>> services = [];
    private readonly bool ownsStorage;

    /// <summary>A host on SQLite: a new file, or the one in <paramref name="folder"/> (another host's, which keeps it).</summary>
    public BotFactory(string? folder = null)
        : this(TestStorage.Sqlite(folder), ownsStorage: folder is null)
    {
    }

    /// <summary>A host on its own new storage on <paramref name="engine"/>.</summary>
    public BotFactory(Engine engine)
        : this(TestStorage.Create(engine), ownsStorage: true)
    {
    }

    /// <summary>A host on <paramref name="storage"/>, which its owner removes.</summary>
    public BotFactory(TestStorage storage)
        : this(storage, ownsStorage: false)
    {
    }

    /// <summary>A host on <paramref name="storage"/>, removed with the host when <paramref name="ownsStorage"/>.</summary>
    protected BotFactory(TestStorage storage, bool ownsStorage)
    {
        Storage = storage;
        this.ownsStorage = ownsStorage;
        StkPush.StartAsync(default!, default).ReturnsForAnyArgs(call => Task.FromResult($"ws_CO_TEST_{call.Arg<PaymentRequest>().Id}"));
    }

    public TestStorage Storage { get; }

    /// <summary>The SQLite file's folder (SQLite hosts only).</summary>
    public string Folder => Storage.Folder ?? throw new InvalidOperationException("This host is not on SQLite.");

    public string DatabasePath => Path.Combine(Folder, "chama.db");

    /// <summary>10 January 2026, 09:00 in Nairobi: round 1 of the demo cycle is due on 31 January.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 6, 0, 0, TimeSpan.Zero));

    public IStkPushGateway StkPush { get; } = Substitute.For<IStkPushGateway>();

    /// <summary>False for a host that runs as a person would use it: the real clock and the local M-Pesa.</summary>
    protected virtual bool UsesTestDoubles => true;

    /// <summary>False for a host that pushes to a Daraja (the simulator) instead of the test double.</summary>
    protected virtual bool UsesFakeStkPush => UsesTestDoubles;

    public BotFactory With(string key, string value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services after the host's own registrations.</summary>
    public BotFactory WithServices(Action<IServiceCollection> configure)
    {
        services.Add(configure);
        return this;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// Builds and starts the host on Kestrel at 127.0.0.1 on a free port (a browser cannot reach the in-memory
    /// TestServer) and returns the address it bound, e.g. <c>http://127.0.0.1:41234/</c>.
    /// </summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Assert.Single(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses);
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Chama", Storage.ConnectionString);
        builder.UseSetting("Database:Provider", Storage.Engine.ToString());
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Twilio:AuthToken", AuthToken);
        builder.UseSetting("Twilio:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Ussd:CallbackToken", UssdToken);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The outbox sender and the reminder scheduler run when a test drives a pass, not on their own timers.
        builder.UseSetting("Notifications:Background", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (UsesTestDoubles)
        {
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                if (UsesFakeStkPush)
                {
                    services.AddSingleton(StkPush);
                }
            });
        }

        builder.ConfigureTestServices(collection => services.ForEach(configure => configure(collection)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (ownsStorage)
        {
            Storage.Dispose();
        }
    }
}
