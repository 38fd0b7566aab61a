using System.Net;
using System.Text.RegularExpressions;
using Chama.Core;
using Chama.Data.Outbox;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>One page as a browser received it.</summary>
public sealed record DashboardPage(HttpStatusCode Status, string Html, Uri? Address, HttpResponseMessage Response)
{
    public string Path => Address?.AbsolutePath ?? "";

    /// <summary>The page with its character references decoded (the encoder writes <c>+</c> as <c>&amp;#x2B;</c>).</summary>
    public string Text => WebUtility.HtmlDecode(Html);
}

/// <summary>
/// A browser-like client of the dashboard over the host's real HTTP pipeline: it keeps cookies, follows redirects, and
/// sends back the antiforgery token of the last page it read, as a form would.
/// </summary>
public sealed partial class DashboardClient(BotFactory factory, string baseAddress = "http://localhost", bool followRedirects = true)
{
    private readonly HttpClient client = factory.CreateClient(
        new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), HandleCookies = true, AllowAutoRedirect = followRedirects });

    private string? token;

    public HttpClient Http => client;

    public async Task<DashboardPage> GetAsync(string path) => await ReadAsync(await client.GetAsync(path));

    /// <summary>Posts a form with the token of the last page read (unless <paramref name="withToken"/> is false).</summary>
    public async Task<DashboardPage> PostAsync(string path, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        if (withToken && token is null)
        {
            await GetAsync("/dashboard/sign-in");
        }

        var form = new Dictionary<string, string>(fields);
        if (withToken && token is not null)
        {
            form["__csrf"] = token;
        }

        return await ReadAsync(await client.PostAsync(path, new FormUrlEncodedContent(form)));
    }

    /// <summary>Posts a file as a browser's file field does (multipart), with the token of the last page read.</summary>
    public async Task<DashboardPage> PostFileAsync(string path, string field, string fileName, string content)
    {
        using var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__csrf");
        }

        var file = new StringContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, field, fileName);
        return await ReadAsync(await client.PostAsync(path, form));
    }

    /// <summary>Asks for a code for <paramref name="phone"/> and answers the code form with <paramref name="code"/>, or the code sent.</summary>
    public async Task<DashboardPage> SignInAsync(string phone, string? code = null)
    {
        await RequestCodeAsync(phone);
        return await EnterCodeAsync(phone, code ?? await CodeSentToAsync(factory, phone));
    }

    public async Task<DashboardPage> RequestCodeAsync(string phone)
    {
        await GetAsync("/dashboard/sign-in");
        return await PostAsync("/dashboard/sign-in", new Dictionary<string, string> { ["phone"] = phone });
    }

    public Task<DashboardPage> EnterCodeAsync(string phone, string code) =>
        PostAsync("/dashboard/sign-in/code", new Dictionary<string, string> { ["phone"] = phone, ["code"] = code });

    /// <summary>The code in the latest sign-in message the outbox holds for <paramref name="phone"/>.</summary>
    public static async Task<string> CodeSentToAsync(BotFactory factory, string phone)
    {
        var message = (await factory.Get<Outbox>().ListForPhoneAsync(PhoneNumber.Parse(phone))).Last(m => m.IdempotencyKey.StartsWith("signin:", StringComparison.Ordinal));
        return Code().Match(message.Body).Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    public static partial Regex Code();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private async Task<DashboardPage> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        if (Token().Match(html) is { Success: true } match)
        {
            token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return new DashboardPage(response.StatusCode, html, response.RequestMessage?.RequestUri, response);
    }
}
