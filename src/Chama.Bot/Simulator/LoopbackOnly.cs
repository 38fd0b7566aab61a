using Chama.Bot.Hosting;
using System.Net;

namespace Chama.Bot.Simulator;

/// <summary>
/// The simulator speaks as any member without a provider's signature: only someone at the developer's own machine may
/// use it. Another caller (behind <c>Proxy:TrustedAddresses</c>, another forwarded caller) gets 404, as for a page that
/// does not exist, before anything of the request is read. A request still carrying <c>X-Forwarded-For</c> came
/// through a proxy or tunnel on this machine (ngrok's agent connects from loopback) on someone else's behalf, and is
/// refused too.
/// </summary>
public static class LoopbackOnly
{
    public static IApplicationBuilder UseLoopbackOnly(this IApplicationBuilder app, PathString prefix) =>
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase) && !IsLocal(http),
            refused => refused.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));

    private static bool IsLocal(HttpContext http) =>
        http.Caller() is { } caller
        && IPAddress.IsLoopback(caller)
        && !http.Request.Headers.ContainsKey("X-Forwarded-For");
}
