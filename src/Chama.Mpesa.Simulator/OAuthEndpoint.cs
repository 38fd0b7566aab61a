using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// <c>GET /oauth/v1/generate</c> and the bearer check on every other path. Only the latest token is valid: as on
/// Daraja, issuing a new token invalidates the previous one.
/// </summary>
internal sealed class OAuthEndpoint(DarajaSimulatorOptions options)
{
    public const string Path = "/oauth/v1/generate";
    private readonly Lock gate = new();
    private (string Token, DateTimeOffset ExpiresAt)? current;
    private int issued;

    public int TokensIssued => Volatile.Read(ref issued);

    public void Map(WebApplication app)
    {
        app.Use(RequireTokenAsync);
        app.MapGet(Path, GenerateAsync);
    }

    private async Task GenerateAsync(HttpContext context)
    {
        if (context.Request.Query["grant_type"] != "client_credentials")
        {
            await DarajaErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "400.008.02", "Invalid grant type passed");
            return;
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ConsumerKey}:{options.ConsumerSecret}"));
        if (context.Request.Headers.Authorization != expected)
        {
            await DarajaErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "400.008.01", "Invalid Authentication passed");
            return;
        }

        var token = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 28);
        lock (gate)
        {
            current = (token, options.Clock.GetUtcNow() + options.TokenLifetime);
            issued++;
        }

        // Daraja sends expires_in as a string.
        await SimulatorJson.WriteAsync(context, new
        {
            access_token = token,
            expires_in = ((long)options.TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        });
    }

    private async Task RequireTokenAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await DarajaErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "404.001.04", "Invalid Authentication Header");
            return;
        }

        bool valid;
        lock (gate)
        {
            valid = current is { } token && token.Token == header["Bearer ".Length..] && options.Clock.GetUtcNow() < token.ExpiresAt;
        }

        if (!valid)
        {
            await DarajaErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "404.001.03", "Invalid Access Token");
            return;
        }

        await next(context);
    }
}
