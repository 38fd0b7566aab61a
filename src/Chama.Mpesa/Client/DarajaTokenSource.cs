using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chama.Mpesa.Client;

/// <summary>
/// Daraja's OAuth token, cached until a minute before it expires or until Daraja refuses it. One refresh at a time: a
/// new token invalidates the previous one, so concurrent callers must share it rather than each fetching their own.
/// </summary>
public sealed class DarajaTokenSource(IHttpClientFactory clients, IOptionsMonitor<MpesaOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private CachedToken? cached;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref cached) is { } token && clock.GetUtcNow() < token.ExpiresAt)
        {
            return token.Token;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref cached) is { } fresh && clock.GetUtcNow() < fresh.ExpiresAt)
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
            Volatile.Write(ref cached, new CachedToken(accessToken, clock.GetUtcNow() + TimeSpan.FromSeconds(expiresIn) - RefreshMargin));
            return accessToken;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>
    /// Daraja refused <paramref name="token"/> (401): another process fetched a newer one, or Daraja dropped it early.
    /// The next caller fetches a fresh one; a token already replaced by another caller's refresh is left alone.
    /// </summary>
    public void Forget(string token)
    {
        if (Volatile.Read(ref cached) is { } current && current.Token == token)
        {
            Interlocked.CompareExchange(ref cached, null, current);
        }
    }

    public void Dispose() => refresh.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}
