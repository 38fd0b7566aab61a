using System.Net;
using Chama.Bot.Dashboard;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>Signing out ends the session on the server, not only in the browser that signed out.</summary>
public abstract class SignOutTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory, followRedirects: false);
        var cookie = await SignInAsync(browser, Phones.Patrick);
        var page = DashboardLayout.Href(demo.Chama.Id, "");
        using (var before = await ReplayAsync(cookie, page))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var signedOut = await browser.PostAsync("/dashboard/sign-out", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);

        using var replayed = await ReplayAsync(cookie, page);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/dashboard/sign-in", replayed.Headers.Location?.OriginalString);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "dashboard_sign_outs"));
    }

    [Fact]
    public async Task Signing_out_ends_only_that_session_not_the_officers_other_sign_ins()
    {
        var demo = await Demo.LoadAsync(factory);
        var phone = new DashboardClient(factory, followRedirects: false);
        var laptop = new DashboardClient(factory, followRedirects: false);
        var laptopCookie = await SignInAsync(laptop, Phones.Patrick);
        await SignInAsync(phone, Phones.Patrick);

        await phone.PostAsync("/dashboard/sign-out", new Dictionary<string, string>());

        using var stillIn = await ReplayAsync(laptopCookie, DashboardLayout.Href(demo.Chama.Id, ""));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task Sign_outs_are_forgotten_once_their_sessions_could_no_longer_be_used()
    {
        var first = new DashboardClient(factory, followRedirects: false);
        await SignInAsync(first, Phones.Patrick);
        await first.PostAsync("/dashboard/sign-out", new Dictionary<string, string>());
        factory.Clock.Advance(DashboardAuth.AbsoluteLifetime + TimeSpan.FromMinutes(1));

        var second = new DashboardClient(factory, followRedirects: false);
        await SignInAsync(second, Phones.Patrick);
        await second.PostAsync("/dashboard/sign-out", new Dictionary<string, string>());

        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "dashboard_sign_outs"));
    }

    /// <summary>Signs in and returns the session cookie as a browser would send it back (<c>name=value</c>).</summary>
    private async Task<string> SignInAsync(DashboardClient browser, string phone)
    {
        await browser.RequestCodeAsync(phone);
        var signedIn = await browser.EnterCodeAsync(phone, await DashboardClient.CodeSentToAsync(factory, phone));
        var setCookie = Assert.Single(signedIn.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
        // A page read signed in carries the form token its sign-out button sends.
        var demo = await Demo.LoadAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, ""))).Status);
        return setCookie.Split(';')[0];
    }

    /// <summary>The request a thief holding a copy of the cookie makes, from another client.</summary>
    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path)
    {
        var thief = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await thief.SendAsync(request);
    }
}

public sealed class SqliteSignOutTests() : SignOutTests(Engine.Sqlite);

public sealed class PostgresSignOutTests() : SignOutTests(Engine.Postgres);
