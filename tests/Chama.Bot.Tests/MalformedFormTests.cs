using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Tests;
using Microsoft.AspNetCore.WebUtilities;

namespace Chama.Bot.Tests;

/// <summary>
/// A form field holding NUL, another control character, or bytes that are not UTF-8 (invalid sequences, an encoded lone
/// surrogate) is answered 400 on every form endpoint, before anything is read, kept or counted. (ASP.NET Core leaves a
/// percent-encoded invalid sequence such as <c>%C3%28</c> undecoded, as the plain text "%C3(", which harms nothing.)
/// </summary>
public abstract class MalformedFormTests : IDisposable
{
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected MalformedFormTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    /// <summary>Field values as bytes on the wire, each char one byte (Latin-1): percent-encoded, or raw.</summary>
    public static TheoryData<string> Malformed() => new()
    {
        "hi%00there",     // NUL
        "hi%1B%5B2J",     // an escape sequence
        "hi%C2%85",       // a C1 control, encoded as UTF-8
        "hi\u00C3(",      // raw bytes that are not UTF-8
        "hi\u00ED\u00A0\u0080", // a lone surrogate, raw, as UTF-8 would encode it
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_signed_whatsapp_message_with_malformed_text_is_refused_400_and_nothing_is_kept(string body)
    {
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var fields = $"MessageSid=SM{Guid.NewGuid():N}&AccountSid=AC00000000000000000000000000000000&From=whatsapp%3A%2B254711000004&To=whatsapp%3A%2B14155550100&NumMedia=0&Body={body}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = RawForm(fields) };
        request.Headers.Add("X-Twilio-Signature", await SignAsHostDecodesAsync(fields));

        using var response = await channels.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Malformed request.", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "inbound_messages"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }

    [Fact]
    public async Task A_sign_in_form_with_NUL_in_the_phone_is_refused_400_not_500_and_no_code_is_made()
    {
        var browser = new DashboardClient(factory);
        var token = await TokenAsync(browser, "/dashboard/sign-in");

        using var response = await browser.Http.PostAsync("/dashboard/sign-in", RawForm($"__csrf={Uri.EscapeDataString(token)}&phone=0712000001%00"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_codes"));
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_member_form_with_a_malformed_name_is_refused_400_and_changes_nothing(string name)
    {
        var demo = await Demo.LoadAsync(factory);
        var members = DashboardLayout.Href(demo.Chama.Id, "members");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        var token = await TokenAsync(browser, members);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        using var response = await browser.Http.PostAsync(members, RawForm($"__csrf={Uri.EscapeDataString(token)}&name=Esther{name}&phone=0700000005&seat=5&language=En"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
    }

    [Fact]
    public async Task A_field_name_with_NUL_is_refused_too()
    {
        var browser = new DashboardClient(factory);
        var token = await TokenAsync(browser, "/dashboard/sign-in");

        using var response = await browser.Http.PostAsync("/dashboard/sign-in", RawForm($"__csrf={Uri.EscapeDataString(token)}&phone=0712000001&x%00=1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_codes"));
    }

    /// <summary>The bytes as given, with Twilio's content type (no charset: UTF-8).</summary>
    private static ByteArrayContent RawForm(string fields)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(fields));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    /// <summary>
    /// Twilio's signature over the values as the host decodes them, so that only the check under test can refuse the
    /// message. A form the host cannot decode at all (NUL) gets no valid signature: nothing can sign it.
    /// </summary>
    private static async Task<string> SignAsHostDecodesAsync(string fields)
    {
        try
        {
            var form = await new FormPipeReader(PipeReader.Create(new MemoryStream(Encoding.Latin1.GetBytes(fields)))).ReadFormAsync();
            return Channels.Sign($"{BotFactory.PublicBaseUrl}/webhooks/whatsapp", form.ToDictionary(p => p.Key, p => p.Value.ToString()));
        }
        catch (InvalidDataException)
        {
            return "";
        }
    }

    private static async Task<string> TokenAsync(DashboardClient browser, string path)
    {
        var page = await browser.GetAsync(path);
        return WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value);
    }
}

public sealed class SqliteMalformedFormTests() : MalformedFormTests(Engine.Sqlite);

public sealed class PostgresMalformedFormTests() : MalformedFormTests(Engine.Postgres);
