using System.Net;
using System.Text;

namespace Chama.Bot.Tests;

/// <summary>Random, broken and hostile input into both webhooks never gives a 5xx and never moves money.</summary>
public sealed class FuzzTests : IDisposable
{
    private static readonly string[] Pieces =
    [
        "", " ", "1", "0", "00", "*", "**", "PAY", "LIPA", "APPROVE P1", "REJECT W1", "1*1*1", "💸", "مرحبا", "\u0000", "\r\n", "<Response>", "&amp;",
        "'; DROP TABLE contributions; --", "%00", "\u202e", "9999999999999999999999", "-1", "KES 10,000", "whatsapp:+254712000001", "😀😀😀",
    ];

    private static readonly string[] Phones = ["+254712000001", "+254711000004", "+254799000099", "whatsapp:+254733000003", "not-a-phone", "", "+1", "00254722000002"];

    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public FuzzTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Random_signed_WhatsApp_posts_never_fail_the_host_or_move_money()
    {
        var random = new Random(20261125);
        _ = factory.Server;
        var money = await MoneySnapshotAsync();

        for (var i = 0; i < 150; i++)
        {
            var form = RandomForm(random, ["MessageSid", "From", "To", "Body", "NumMedia", "ButtonPayload", "AccountSid"]);
            form["MessageSid"] = random.Next(4) == 0 ? RandomText(random) : $"SM{i:D32}";
            using var response = await channels.PostWhatsAppAsync(form);
            Assert.True((int)response.StatusCode < 500, $"{response.StatusCode} for {string.Join("&", form)}");
        }

        Assert.Equal(money, await MoneySnapshotAsync());
    }

    [Fact]
    public async Task Huge_bodies_are_refused_with_a_4xx()
    {
        _ = factory.Server;
        var huge = new string('9', 200_000);
        var whatsapp = Channels.WhatsAppForm("+254711000004", huge);
        using var signed = await channels.PostWhatsAppAsync(whatsapp);
        using var ussd = await channels.PostUssdAsync(new Dictionary<string, string> { ["sessionId"] = "s", ["phoneNumber"] = "+254711000004", ["text"] = huge });
        using var junk = await channels.Client.PostAsync(new Uri(Channels.UssdPath, UriKind.Relative), new StringContent(huge, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.InRange((int)signed.StatusCode, 400, 499);
        // Africa's Talking shows a member a network error for anything but 200 CON/END: USSD ends the session instead.
        Assert.Equal(HttpStatusCode.OK, ussd.StatusCode);
        Assert.StartsWith("END ", await ussd.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, junk.StatusCode);
        Assert.StartsWith("END ", await junk.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_refused()
    {
        using var json = await channels.Client.PostAsync(new Uri(Channels.UssdPath, UriKind.Relative), new StringContent("{\"text\":\"1\"}", Encoding.UTF8, "application/json"));
        using var whatsapp = await channels.Client.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new StringContent("<xml/>", Encoding.UTF8, "text/xml"));

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.StartsWith("END ", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, whatsapp.StatusCode);
    }

    private static Dictionary<string, string> RandomForm(Random random, string[] fields)
    {
        var form = new Dictionary<string, string>();
        foreach (var field in fields.Where(_ => random.Next(6) > 0))
        {
            form[field] = field is "From" or "phoneNumber" ? Phones[random.Next(Phones.Length)] : RandomText(random);
        }

        if (random.Next(5) == 0)
        {
            form[RandomText(random) + "x"] = RandomText(random);
        }

        return form;
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            text.Append(random.Next(3) == 0 ? (char)random.Next(0x20, 0x2FFF) : Pieces[random.Next(Pieces.Length)]);
        }

        if (random.Next(20) == 0)
        {
            text.Append(new string('x', random.Next(1_000, 5_000)));
        }

        return text.ToString();
    }

    private Task<string> MoneySnapshotAsync() => DatabaseProbe.SnapshotAsync(factory);
}
