using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chama.Mpesa.Client;

/// <summary>
/// Daraja's OAuth token, cached until a minute before it expires. One refresh at a time: a new token invalidates the
/// previous one, so concurrent callers must share it rather than each fetching their own.
/// </summary>
public sealed class DarajaTokenSource(IHttpClientFactory clients, IOptionsMonitor<MpesaOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? cached;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (cached is { } token && clock.GetUtcNow() < token.ExpiresAt)
        {
            return token.Token;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } fresh && clock.GetUtcNow() < fresh.ExpiresAt)
            {
                return fresh.Token;
            }

            var settings = options.CurrentValue;
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{settings.BaseUrl.TrimEnd('/')}/oauth/v1/generate?grant_type=client_credentials");
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ConsumerKey}:{settings.ConsumerSecret}")));
            using var response = await clients.CreateClient(DarajaClient.RetryingClient).SendAsync(request, cancellationToken);
            using var body = await DarajaClient.ReadAsync(response, cancellationToken);
            var accessToken = body.RootElement.GetProperty("access_token").GetString() ?? throw new DarajaException("no access_token in Daraja's answer");
            // expires_in arrives as a number in some samples and as a string in others.
            var expiresIn = body.RootElement.GetProperty("expires_in") is { ValueKind: JsonValueKind.Number } number
                ? number.GetInt32()
                : int.Parse(body.RootElement.GetProperty("expires_in").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            cached = (accessToken, clock.GetUtcNow() + TimeSpan.FromSeconds(expiresIn) - RefreshMargin);
            return accessToken;
        }
        finally
        {
            refresh.Release();
        }
    }

    public void Dispose() => refresh.Dispose();
}
