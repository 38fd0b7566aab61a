using Chama.Bot.Hosting;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Chama.Bot.Channels;

/// <summary>What a provider's callbacks must present: the secret path segment and, optionally, the caller's address.</summary>
/// <param name="Token">The secret in the callback URL; empty means the door is not configured and opens to nobody.</param>
/// <param name="AllowedIps">The provider's addresses; empty allows any caller (the token still applies).</param>
public sealed record CallbackSecret(string Token, IReadOnlyCollection<string> AllowedIps);

/// <summary>
/// Providers that do not sign their callbacks (Daraja, Africa's Talking) call URLs holding a secret token: a wrong token
/// (compared in constant time) gets 404, as for a path that does not exist, before anything of the request is read, kept
/// or counted. When an allow-list of the provider's addresses is configured, other callers are refused the same way; behind
/// <c>Proxy:TrustedAddresses</c> the caller is the forwarded one. One guard serves every such door, each with its own secret.
/// </summary>
public sealed partial class CallbackGuard(string door, Func<IServiceProvider, CallbackSecret> secret) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Admits(context.HttpContext) ? await next(context) : Results.NotFound();

    /// <summary>True when the request carries this door's token (route value <c>token</c>) and comes from an allowed caller.</summary>
    public bool Admits(HttpContext http)
    {
        var settings = secret(http.RequestServices);
        var token = http.Request.RouteValues["token"] as string ?? "";
        if (!TokenMatches(settings.Token, token))
        {
            LogRefused(Logger(http), door, "wrong token");
            return false;
        }

        if (settings.AllowedIps.Count > 0 && !IsAllowed(http.Caller(), settings.AllowedIps))
        {
            LogRefused(Logger(http), door, "caller not on the allow-list");
            return false;
        }

        return true;
    }

    /// <summary>Compares hashes, so that neither the token's characters nor its length show in the time taken.</summary>
    public static bool TokenMatches(string expected, string presented) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static bool IsAllowed(IPAddress? caller, IEnumerable<string> allowed) =>
        caller is not null && allowed.Any(entry => IPAddress.TryParse(entry, out var address) && address.Equals(caller));

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<CallbackGuard>();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Door} callback refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string door, string reason);
}
