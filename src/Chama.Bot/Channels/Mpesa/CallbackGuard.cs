using System.Net;
using System.Security.Cryptography;
using System.Text;
using Chama.Mpesa;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Channels.Mpesa;

/// <summary>
/// Daraja does not sign its callbacks, so they arrive on URLs holding a secret token: a wrong token (compared in
/// constant time) gets 404, as for a path that does not exist, and nothing is read or kept. When an allow-list of
/// Safaricom's addresses is configured, other callers are refused the same way.
/// </summary>
public sealed partial class CallbackGuard(IOptionsMonitor<MpesaOptions> options, ILogger<CallbackGuard> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.CurrentValue;
        var token = http.Request.RouteValues["token"] as string ?? "";
        if (!TokenMatches(settings.CallbackToken, token))
        {
            LogRefused("wrong token");
            return Results.NotFound();
        }

        if (settings.AllowedCallbackIps.Count > 0 && !IsAllowed(http.Connection.RemoteIpAddress, settings.AllowedCallbackIps))
        {
            LogRefused("caller not on the allow-list");
            return Results.NotFound();
        }

        return await next(context);
    }

    public static bool TokenMatches(string expected, string presented) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private static bool IsAllowed(IPAddress? caller, IEnumerable<string> allowed) =>
        caller is not null && allowed.Any(entry => IPAddress.TryParse(entry, out var address) && address.Equals(caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller));

    [LoggerMessage(Level = LogLevel.Warning, Message = "M-Pesa callback refused: {Reason}")]
    private partial void LogRefused(string reason);
}
