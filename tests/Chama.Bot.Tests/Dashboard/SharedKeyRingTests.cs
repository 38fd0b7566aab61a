using System.Net;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>
/// The dashboard's signing keys live in the database: a session begun on one host is honoured by another host on the same
/// database (no sticky sessions), and by no host on another database.
/// </summary>
public sealed class SharedKeyRingTests : IDisposable
{
    private readonly BotFactory first = new();
    private readonly BotFactory second;
    private readonly BotFactory elsewhere = new();

    public SharedKeyRingTests() => second = new BotFactory(first.Folder);

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        elsewhere.Dispose();
    }

    [Fact]
    public async Task A_session_begun_on_one_host_opens_the_pages_on_another_host_of_the_same_database()
    {
        var demo = await Demo.LoadAsync(first);
        var cookie = await SignInAsync(first);

        var page = await GetWithCookieAsync(second, $"/dashboard/{demo.Chama.Id}", cookie);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Current round", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(first, "key_ring"));
    }

    [Fact]
    public async Task A_session_from_a_host_of_another_database_is_sent_to_sign_in()
    {
        var demo = await Demo.LoadAsync(first);
        await Demo.LoadAsync(elsewhere);
        var cookie = await SignInAsync(first);

        var page = await GetWithCookieAsync(elsewhere, $"/dashboard/{demo.Chama.Id}", cookie);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/dashboard/sign-in", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<string> SignInAsync(BotFactory host)
    {
        var browser = new DashboardClient(host, followRedirects: false);
        await browser.RequestCodeAsync(Phones.Patrick);
        var signedIn = await browser.EnterCodeAsync(Phones.Patrick, await DashboardClient.CodeSentToAsync(host, Phones.Patrick));
        var setCookie = Assert.Single(signedIn.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("chama_dashboard=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(BotFactory host, string path, string cookie)
    {
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
