using System.Net;

namespace Chama.Bot.Simulator;

/// <summary>
/// The simulator speaks as any member without a provider's signature: only someone at the developer's own machine may
/// use it. Another caller (behind <c>Proxy:TrustedAddresses</c>, another forwarded caller) gets 404, as for a page that
/// does not exist. A request still carrying <c>X-Forwarded-For</c> came through a proxy or tunnel on this machine
/// (ngrok's agent connects from loopback) on behalf of someone else, and is refused too.
/// </summary>
public sealed class LoopbackOnly : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsLocal(context.HttpContext) ? await next(context) : Results.NotFound();

    private static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } caller
        && IPAddress.IsLoopback(caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller)
        && !http.Request.Headers.ContainsKey("X-Forwarded-For");
}
