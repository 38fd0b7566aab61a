using System.Net;
using System.Xml.Linq;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// WhatsApp messages that are not plain text, in the shapes Twilio posts them (form fields as in Twilio's inbound
/// webhook: <c>NumMedia</c>, <c>MediaUrl0</c>, <c>MediaContentType0</c>, <c>MessageType</c>, <c>Latitude</c>, <c>ButtonPayload</c>, …).
/// </summary>
public abstract class WhatsAppShapeTests : IDisposable
{
    private const string OnlyText = "Sorry, I can only read text messages: voice notes, pictures, files, locations and contacts are not read. Type your answer, or send MENU for the menu.";

    private readonly BotFactory factory;
    private readonly Channels channels;

    protected WhatsAppShapeTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    /// <summary>The fields Twilio adds to the inbound form for each kind of message (the body is empty unless captioned).</summary>
    public static Dictionary<string, string> Shape(string kind) => kind switch
    {
        "voice note" => Media("audio", "audio/ogg"),
        "image" => Media("image", "image/jpeg"),
        "image before MessageType" => Without(Media("image", "image/jpeg"), "MessageType"),
        // Defensive variants, each carrying one sign of a message without text.
        "media type alone" => Without(Without(Media("image", "image/jpeg"), "MessageType"), "NumMedia"),
        "message type alone" => new() { ["MessageType"] = "audio" },
        "document" => Media("document", "application/pdf"),
        "video" => Media("video", "video/mp4"),
        "sticker" => Media("sticker", "image/webp"),
        "contact" => Media("contacts", "text/vcard"),
        "location" => new()
        {
            ["MessageType"] = "location",
            ["Latitude"] = "-1.2863890",
            ["Longitude"] = "36.8172230",
            ["Address"] = "Kenyatta Avenue, Nairobi",
            ["Label"] = "Umoja meeting hall",
        },
        "location before MessageType" => new() { ["Latitude"] = "-1.2863890", ["Longitude"] = "36.8172230" },
        "interactive without media" => new() { ["MessageType"] = "interactive" },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData("voice note")]
    [InlineData("image")]
    [InlineData("image before MessageType")]
    [InlineData("media type alone")]
    [InlineData("message type alone")]
    [InlineData("document")]
    [InlineData("video")]
    [InlineData("sticker")]
    [InlineData("contact")]
    [InlineData("location")]
    [InlineData("location before MessageType")]
    public async Task A_message_without_text_is_told_only_text_is_read_with_the_menu_hint(string kind)
    {
        var reply = await SendAsync(Phones.Samuel, "", kind);

        Assert.Equal(OnlyText, reply);
    }

    [Fact]
    public async Task A_voice_note_mid_payment_leaves_the_payment_where_it_was()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "PAY");

        Assert.Equal(OnlyText, await SendAsync(Phones.Samuel, "", "voice note"));

        Assert.Contains("Pay KES 10,000 to Umoja Investment Club for round 1", await channels.WhatsAppAsync(Phones.Samuel, "1"));
    }

    [Fact]
    public async Task A_swahili_member_is_answered_in_swahili()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "SW");

        var reply = await SendAsync(Phones.Samuel, "", "document");

        Assert.StartsWith("Samahani, ninasoma ujumbe wa maandishi pekee", reply);
        Assert.Contains("tuma MENU", reply);
    }

    [Fact]
    public async Task A_location_is_not_read_as_text_even_with_a_label_in_the_body()
    {
        Assert.Equal(OnlyText, await SendAsync(Phones.Samuel, "BALANCE", "location"));
    }

    [Fact]
    public async Task An_image_with_a_caption_is_read_by_its_caption()
    {
        var reply = await SendAsync(Phones.Samuel, "BALANCE", "image");

        Assert.Contains("Due now: KES 10,000 (round 1)", reply);
    }

    [Fact]
    public async Task A_button_is_read_by_its_payload_before_its_text()
    {
        var reply = await SendAsync(Phones.Samuel, "Who's pending", "interactive without media", ("ButtonText", "Who's pending"), ("ButtonPayload", "BALANCE"));

        Assert.Contains("Due now: KES 10,000 (round 1)", reply);
    }

    [Fact]
    public async Task A_button_without_a_payload_is_read_by_its_text()
    {
        var reply = await SendAsync(Phones.Samuel, "", "interactive without media", ("ButtonText", "BALANCE"));

        Assert.Contains("Due now: KES 10,000 (round 1)", reply);
    }

    [Fact]
    public async Task An_empty_text_still_gets_the_menu()
    {
        Assert.Contains("1. Pay contribution", await channels.WhatsAppAsync(Phones.Samuel, ""));
    }

    [Fact]
    public async Task An_unknown_phone_sending_a_voice_note_is_told_how_to_join_and_nothing_is_kept_for_it()
    {
        var reply = await SendAsync(Phones.Stranger, "", "voice note");

        Assert.Contains("not registered with any chama", reply);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }

    [Fact]
    public async Task A_retried_voice_note_gets_the_same_answer_once()
    {
        var form = Form(Phones.Samuel, "", "voice note");

        var first = await PostAsync(form);
        var retried = await PostAsync(form);

        Assert.Equal(OnlyText, first);
        Assert.Equal(first, retried);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "inbound_messages", "reply IS NOT NULL"));
    }

    private static Dictionary<string, string> Media(string type, string contentType) => new()
    {
        ["MessageType"] = type,
        ["NumMedia"] = "1",
        ["MediaContentType0"] = contentType,
        ["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM00000000000000000000000000000001/Media/ME00000000000000000000000000000001",
    };

    private static Dictionary<string, string> Without(Dictionary<string, string> fields, string key)
    {
        fields.Remove(key);
        return fields;
    }

    private static Dictionary<string, string> Form(string phone, string body, string kind, params (string Key, string Value)[] extra)
    {
        var form = Channels.WhatsAppForm(phone, body);
        foreach (var (key, value) in Shape(kind))
        {
            form[key] = value;
        }

        foreach (var (key, value) in extra)
        {
            form[key] = value;
        }

        return form;
    }

    private Task<string> SendAsync(string phone, string body, string kind, params (string Key, string Value)[] extra) => PostAsync(Form(phone, body, kind, extra));

    private async Task<string> PostAsync(Dictionary<string, string> form)
    {
        using var response = await channels.PostWhatsAppAsync(form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Message")?.Value ?? "";
    }
}

public sealed class SqliteWhatsAppShapeTests() : WhatsAppShapeTests(Engine.Sqlite);

public sealed class PostgresWhatsAppShapeTests() : WhatsAppShapeTests(Engine.Postgres);
