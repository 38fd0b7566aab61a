using Microsoft.AspNetCore.Hosting;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 on a free port (a browser cannot reach the in-memory TestServer), in
/// Development so the simulator page is mapped, with the demo chama seeded and M-Pesa simulated quickly.
/// </summary>
public sealed class SimulatorHost : BotFactory
{
    protected override bool UsesTestDoubles => false;

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Builds and starts the host, then reads the address Kestrel bound.</summary>
    public void Start() => BaseAddress = StartOnKestrel();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Mpesa:Simulate", "true");
        builder.UseSetting("Mpesa:SimulatedDelayMs", "200");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
