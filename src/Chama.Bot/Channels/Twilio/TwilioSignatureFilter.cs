using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Chama.Bot.Channels.Twilio;

/// <summary>
/// Refuses, with 403 and before any work, a webhook whose <c>X-Twilio-Signature</c> does not match: HMAC of the public URL
/// and every posted parameter under the Auth Token, checked by the Twilio SDK's <see cref="RequestValidator"/>.
/// </summary>
public sealed partial class TwilioSignatureFilter(IOptionsMonitor<TwilioOptions> options, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    public const string SignatureHeader = "X-Twilio-Signature";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var settings = options.CurrentValue;
        var signature = request.Headers[SignatureHeader].ToString();
        if (string.IsNullOrEmpty(settings.AuthToken) || string.IsNullOrEmpty(signature) || !request.HasFormContentType)
        {
            LogRefused(request.Path, "missing signature, token or form");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        var parameters = new Dictionary<string, string>(form.Count, StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            parameters[key] = value.ToString();
        }

        var url = SignedUrl(request, settings.PublicBaseUrl);
        var algorithm = RequestValidator.GetSignatureAlgorithm(request.Headers[RequestValidator.SignatureSettingsHeader].ToString());
        if (!new RequestValidator(settings.AuthToken).Validate(url, parameters, signature, algorithm))
        {
            LogRefused(request.Path, "signature mismatch");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (settings.AccountSid.Length > 0 && parameters.TryGetValue("AccountSid", out var account) && account != settings.AccountSid)
        {
            LogRefused(request.Path, "another account");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }

    /// <summary>The URL Twilio requested: the configured public base, or this request's own, with path and query as sent.</summary>
    public static string SignedUrl(HttpRequest request, string publicBaseUrl)
    {
        var pathAndQuery = $"{request.PathBase}{request.Path}{request.QueryString}";
        return publicBaseUrl.Length > 0
            ? publicBaseUrl.TrimEnd('/') + pathAndQuery
            : $"{request.Scheme}://{request.Host}{pathAndQuery}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio webhook {Path} refused: {Reason}")]
    private partial void LogRefused(string path, string reason);
}
