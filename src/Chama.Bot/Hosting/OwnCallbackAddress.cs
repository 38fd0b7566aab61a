using Chama.Mpesa;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Hosting;

/// <summary>
/// When <c>Mpesa:CallbackBaseUrl</c> is not set (development, tests, the local simulator), Daraja is told to call this
/// host back on the address it listens on. That address exists only once the server has started, so the M-Pesa
/// settings are rebuilt then. Behind a proxy in production, set the public URL instead.
/// </summary>
public sealed class OwnCallbackAddress(IServer server, IOptionsMonitorCache<MpesaOptions> cache, IHostApplicationLifetime lifetime)
    : IPostConfigureOptions<MpesaOptions>, IHostedService
{
    public void PostConfigure(string? name, MpesaOptions options)
    {
        if (string.IsNullOrEmpty(options.CallbackBaseUrl) && ListeningAddress() is { } own)
        {
            options.CallbackBaseUrl = own;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Refresh);
        return Task.CompletedTask;
    }

    /// <summary>Rebuilds the M-Pesa settings now that the server listens; anything that needs the address first calls it too.</summary>
    public void Refresh() => cache.TryRemove(Options.DefaultName);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The first address Kestrel listens on, with a wildcard host made reachable as 127.0.0.1.</summary>
    private string? ListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        var normalised = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host is "0.0.0.0" or "[::]" ? "127.0.0.1" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
