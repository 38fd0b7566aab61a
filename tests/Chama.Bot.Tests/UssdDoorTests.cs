using System.Net;
using System.Text;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// The USSD door: Africa's Talking's callbacks are heard only on the secret path, and behind it every answer is
/// <c>200 text/plain CON/END</c> whatever arrives; the end-of-session notification is recorded and never run.
/// </summary>
public abstract class UssdDoorTests : IDisposable
{
    private const string Unreadable = "END Sorry, this request could not be read. Please dial again.";
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected UssdDoorTests(Engine engine)
    {
        // One hop a minute per phone: a refused request that counted against Samuel's phone would end his next dial.
        factory = new BotFactory(engine).With("RateLimits:PerPhonePerMinute", "1");
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    public static TheoryData<string> WrongPaths =>
    [
        "/webhooks/ussd",
        "/webhooks/ussd/",
        "/webhooks/ussd/wrong-token",
        $"/webhooks/ussd/{BotFactory.UssdToken.ToUpperInvariant()}",
        $"/webhooks/ussd/{BotFactory.UssdToken}x",
        $"/webhooks/ussd/{BotFactory.UssdToken[..^1]}",
        "/webhooks/ussd/wrong-token/events",
        $"/webhooks/payments/{BotFactory.UssdToken}/stk",
    ];

    [Theory]
    [MemberData(nameof(WrongPaths))]
    public async Task Wrong_token_gets_404_and_keeps_nothing_nor_counts_against_the_phone(string path)
    {
        _ = factory.Server;
        var before = await DatabaseProbe.SnapshotAsync(factory);

        using var response = await channels.PostUssdAsync(Hop("ATUid_1", Phones.Samuel, ""), path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "inbound_messages"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "ussd_session_ends"));
        // Samuel's one hop of the minute is still his.
        Assert.StartsWith("CON Umoja Investment Club", await channels.UssdAsync("ATUid_2", Phones.Samuel, ""));
    }

    public static TheoryData<string, string> Garbage => new()
    {
        { "a 600-character text", "sessionId=ATUid_1&serviceCode=*384*123%23&phoneNumber=%2B254711000004&text=" + new string('1', 600) },
        { "a 20 KB field", "sessionId=ATUid_1&phoneNumber=%2B254711000004&text=1&networkCode=" + new string('6', 20 * 1024) },
        { "a 20 KB text", "sessionId=ATUid_1&phoneNumber=%2B254711000004&text=" + new string('1', 20 * 1024) },
        { "NUL in the text", "sessionId=ATUid_1&phoneNumber=%2B254711000004&text=1%002" },
        { "an escape in the text", "sessionId=ATUid_1&phoneNumber=%2B254711000004&text=1%1B%5B2J" },
        { "a bidi override in the text", "sessionId=ATUid_1&phoneNumber=%2B254711000004&text=%E2%80%AE1" },
        { "NUL in the session id", "sessionId=AT%00Uid&phoneNumber=%2B254711000004&text=" },
        { "no fields", "" },
        { "no phone", "sessionId=ATUid_1&text=" },
        { "an unparsable phone", "sessionId=ATUid_1&phoneNumber=not-a-phone&text=" },
        { "a 200-character session id", "sessionId=" + new string('A', 200) + "&phoneNumber=%2B254711000004&text=" },
        { "too many fields", string.Join('&', Enumerable.Range(0, 300).Select(i => $"f{i}=1")) },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Whatever_arrives_is_answered_200_END_and_changes_nothing(string what, string body)
    {
        _ = factory.Server;
        var before = await DatabaseProbe.SnapshotAsync(factory);

        using var response = await channels.Client.PostAsync(
            new Uri(Channels.UssdPath, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(Unreadable == await response.Content.ReadAsStringAsync(), what);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }

    [Theory]
    [InlineData("application/json", "{\"text\":\"1\"}")]
    [InlineData("text/xml", "<Response/>")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nbroken")]
    [InlineData("application/octet-stream", "\0\0\0")]
    public async Task A_body_that_is_not_a_form_is_answered_200_END(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await channels.Client.PostAsync(new Uri(Channels.UssdPath, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Unreadable, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_end_of_session_notification_is_recorded_once_closes_the_session_and_keeps_no_input()
    {
        await channels.UssdAsync("ATUid_7", Phones.Samuel, "");
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "session_key = 'ATUid_7'"));
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var notification = EndOfSession("ATUid_7", Phones.Samuel, input: "1*1*1*4826", lastAppResponse: "END You will get an M-Pesa prompt");

        using var first = await PostEventAsync(notification);
        using var repeated = await PostEventAsync(notification);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "ussd_session_ends", "session_id = 'ATUid_7' AND status = 'Incomplete' AND hops = 4 AND duration_ms = 21000"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "session_key = 'ATUid_7'"));
        // Never acted on: its input would have confirmed a payment; nothing of it (a PIN may be in it) is kept.
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "payment_requests"));
        var row = await DatabaseProbe.ScalarAsync<string>(
            factory, "SELECT session_id || phone || service_code || network_code || status || COALESCE(error_message, '') || COALESCE(cost, '') || reported_at FROM ussd_session_ends;");
        Assert.DoesNotContain("4826", row, StringComparison.Ordinal);
        Assert.DoesNotContain("M-Pesa prompt", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_of_session_notifications_do_not_count_against_the_phone()
    {
        _ = factory.Server;
        for (var i = 0; i < 5; i++)
        {
            using var response = await PostEventAsync(EndOfSession($"ATUid_e{i}", Phones.Samuel, input: "2", lastAppResponse: "END Balance"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(5, await DatabaseProbe.CountAsync(factory, "ussd_session_ends"));
        Assert.StartsWith("CON Umoja Investment Club", await channels.UssdAsync("ATUid_8", Phones.Samuel, ""));
    }

    [Fact]
    public async Task An_unusable_end_of_session_notification_gets_200_and_keeps_nothing()
    {
        _ = factory.Server;

        using var empty = await PostEventAsync(new Dictionary<string, string>());
        using var json = await channels.Client.PostAsync(
            new Uri($"{Channels.UssdPath}/events", UriKind.Relative), new StringContent("{\"sessionId\":\"x\"}", Encoding.UTF8, "application/json"));
        using var nul = await PostEventAsync(new Dictionary<string, string> { ["sessionId"] = "\0", ["status"] = "Failed" });

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, nul.StatusCode);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "ussd_session_ends"));
    }

    [Fact]
    public async Task An_end_of_session_notification_with_hostile_fields_is_kept_cut_and_cleaned()
    {
        _ = factory.Server;
        var notification = EndOfSession("ATUid_9", "not-a-phone", input: "1", lastAppResponse: "END x");
        notification["status"] = "Hacked";
        notification["errorMessage"] = "bad\u0007\u001b" + new string('e', 2_000);
        notification["durationInMillis"] = "99999999999999999999999";

        using var response = await PostEventAsync(notification);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ATUid_9 Unknown  ", await DatabaseProbe.ScalarAsync<string>(
            factory, "SELECT session_id || ' ' || status || ' ' || phone || ' ' || COALESCE(CAST(duration_ms AS TEXT), '') FROM ussd_session_ends;"));
        Assert.Equal(500, await DatabaseProbe.ScalarAsync<long>(factory, "SELECT LENGTH(error_message) FROM ussd_session_ends;"));
    }

    [Fact]
    public async Task An_end_of_session_field_cut_at_an_emoji_keeps_the_emoji_whole_or_drops_it()
    {
        _ = factory.Server;
        var notification = EndOfSession("ATUid_10", Phones.Grace, input: "2", lastAppResponse: "END x");
        notification["errorMessage"] = new string('e', 499) + "\U0001F600" + "tail";

        using var response = await PostEventAsync(notification);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new string('e', 499), await DatabaseProbe.ScalarAsync<string>(factory, "SELECT error_message FROM ussd_session_ends;"));
    }

    private Task<HttpResponseMessage> PostEventAsync(IReadOnlyDictionary<string, string> form) =>
        channels.Client.PostAsync(new Uri($"{Channels.UssdPath}/events", UriKind.Relative), new FormUrlEncodedContent(form));

    private static Dictionary<string, string> Hop(string sessionId, string phone, string text) => new()
    {
        ["sessionId"] = sessionId, ["serviceCode"] = "*384*123#", ["phoneNumber"] = phone, ["networkCode"] = "63902", ["text"] = text,
    };

    /// <summary>Africa's Talking's end-of-session notification, with its field names.</summary>
    private static Dictionary<string, string> EndOfSession(string sessionId, string phone, string input, string lastAppResponse) => new()
    {
        ["date"] = "2026-01-10 09:01:12",
        ["sessionId"] = sessionId,
        ["serviceCode"] = "*384*123#",
        ["networkCode"] = "63902",
        ["phoneNumber"] = phone,
        ["status"] = "Incomplete",
        ["cost"] = "KES 0.0000",
        ["durationInMillis"] = "21000",
        ["hopsCount"] = "4",
        ["input"] = input,
        ["lastAppResponse"] = lastAppResponse,
        ["errorMessage"] = "",
    };
}

public sealed class SqliteUssdDoorTests() : UssdDoorTests(Engine.Sqlite);

public sealed class PostgresUssdDoorTests() : UssdDoorTests(Engine.Postgres);
