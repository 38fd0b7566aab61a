using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 on a free port (a browser cannot reach the in-memory TestServer), in
/// Development so the simulator page is mapped, with the demo chama seeded and M-Pesa simulated quickly.
/// </summary>
public sealed class SimulatorHost : BotFactory
{
    public SimulatorHost() => UseKestrel(0);

    protected override bool UsesTestDoubles => false;

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Builds and starts the host, then reads the address Kestrel bound.</summary>
    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = Assert.Single(addresses);
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

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
