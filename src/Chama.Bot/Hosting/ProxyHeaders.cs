using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Chama.Bot.Hosting;

/// <summary>
/// Behind a reverse proxy the connection's address is the proxy's. With <c>Proxy:TrustedAddresses</c> set, the client
/// address is taken from <c>X-Forwarded-For</c>, but only when the request comes from one of those proxies: that is
/// what the M-Pesa callback allow-list then checks. Unset, forwarded headers are ignored.
/// </summary>
public static class ProxyHeaders
{
    public const string Section = "Proxy:TrustedAddresses";

    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(Section).Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in trusted)
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }
        });
        return services;
    }

    /// <summary>
    /// The caller's address as every check reads it: the forwarded client behind a trusted proxy, IPv4 as IPv4 even when
    /// it arrived mapped into IPv6; null when the connection has none.
    /// </summary>
    public static IPAddress? Caller(this HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) : null;

    public static IApplicationBuilder UseProxyHeaders(this WebApplication app) =>
        app.Configuration.GetSection(Section).Get<string[]>() is { Length: > 0 } ? app.UseForwardedHeaders() : app;
}
