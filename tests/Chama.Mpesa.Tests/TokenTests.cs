using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chama.Mpesa.Client;
using Microsoft.Extensions.Time.Testing;

namespace Chama.Mpesa.Tests;

public class TokenTests
{
    [Fact]
    public async Task Token_is_cached_until_shortly_before_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var daraja = await DarajaHarness.StartAsync(clientClock: clock);

        var first = await daraja.Tokens.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(3599 - 61));
        var cached = await daraja.Tokens.GetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await daraja.Tokens.GetAsync(CancellationToken.None);

        Assert.Equal(first, cached);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, daraja.Simulator.TokensIssued);
    }

    [Fact]
    public async Task Wrong_consumer_secret_is_refused()
    {
        await using var daraja = await DarajaHarness.StartAsync(client: settings => settings["Mpesa:ConsumerSecret"] = "not-the-secret");

        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.PushAsync());

        Assert.Equal("400.008.01", refused.ErrorCode);
        Assert.Empty(daraja.Simulator.StkPushes);
    }

    [Fact]
    public async Task A_new_token_invalidates_the_previous_one()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = daraja.Simulator.BaseUrl };

        var old = await TokenAsync(http);
        await TokenAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mpesa/stkpushquery/v1/query") { Content = JsonContent.Create(new { CheckoutRequestID = "ws_CO_1" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", old);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("404.001.03", await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_token_refused_because_another_was_issued_is_fetched_afresh_and_the_payout_sent_once()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = daraja.Simulator.BaseUrl };
        await daraja.Tokens.GetAsync(CancellationToken.None);
        await TokenAsync(http);

        await daraja.PayOutAsync("payout-after-stale-token");

        Assert.Equal("payout-after-stale-token", Assert.Single(daraja.Simulator.Payouts).OriginatorConversationId);
        Assert.Equal(3, daraja.Simulator.TokensIssued);
    }

    [Fact]
    public void A_refused_token_is_not_a_definite_refusal_of_the_payment_but_an_invalid_field_is()
    {
        Assert.False(new DarajaException("404.001.03", "Invalid Access Token", 401).IsDefiniteRefusal);
        Assert.True(new DarajaException("400.002.02", "Bad Request - Invalid Amount", 400).IsDefiniteRefusal);
    }

    [Fact]
    public async Task Forgetting_the_cached_token_fetches_a_new_one_but_forgetting_an_older_one_keeps_it()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        var first = await daraja.Tokens.GetAsync(CancellationToken.None);

        daraja.Tokens.Forget("an-older-token");
        var kept = await daraja.Tokens.GetAsync(CancellationToken.None);
        daraja.Tokens.Forget(first);
        var fresh = await daraja.Tokens.GetAsync(CancellationToken.None);

        Assert.Equal(first, kept);
        Assert.NotEqual(first, fresh);
        Assert.Equal(2, daraja.Simulator.TokensIssued);
    }

    [Fact]
    public async Task Requests_without_a_token_are_refused()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = daraja.Simulator.BaseUrl };

        using var response = await http.PostAsJsonAsync("/mpesa/stkpush/v1/processrequest", new { Amount = 1 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("404.001.04", await ErrorCodeAsync(response));
        Assert.Empty(daraja.Simulator.StkPushes);
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/v1/generate?grant_type=client_credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("simulator-key:simulator-secret")));
        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3599", body.RootElement.GetProperty("expires_in").GetString());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errorCode").GetString();
    }
}
