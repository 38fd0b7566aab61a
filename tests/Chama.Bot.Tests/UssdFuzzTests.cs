using System.Diagnostics;
using System.Net;
using System.Text;

namespace Chama.Bot.Tests;

/// <summary>
/// Random and hostile hops into the USSD door, through the real HTTP pipeline in-process: whatever arrives behind the
/// token is answered <c>200 text/plain</c>, <c>CON …</c> or <c>END …</c>, within a screen; strangers leave nothing
/// behind and nobody's money moves. Seeded, so a failure repeats.
/// </summary>
public sealed class UssdFuzzTests : IDisposable
{
    private static readonly string[] Pieces =
    [
        "", " ", "1", "2", "0", "00", "98", "99", "*", "**", "#", "1*1*1", "6*1*1", "PAY", "LIPA", "APPROVE P1", "REJECT W1",
        "SWAP 1", "ACCEPT SWAP", "RULE QUORUM 1", "EXIT 4", "💸", "مرحبا", "\u0000", "\u0007", "\r\n", "\u202e", "\ufeff", "\ud800",
        "<Response>", "&amp;", "%00", "%", "=", "&", "'; DROP TABLE contributions; --", "9999999999999999999999", "-1", "1e30", "KES 10,000",
    ];

    private static readonly string[] Members = ["+254712000001", "+254722000002", "+254733000003", "+254711000004"];

    private static readonly string[] Unusable = ["", "not-a-phone", "+1", "whatsapp:+254799000099", "254", "+2547120000011", "\u0000+254712000001", "+254 712 000 001\u202e"];

    private readonly BotFactory factory = new BotFactory()
        .With("Ussd:ServiceCode", "*384*123#")
        // The engine, not the per-phone limit, must answer every hop.
        .With("RateLimits:PerPhonePerMinute", "1000000");

    private readonly Channels channels;

    public UssdFuzzTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Ten_thousand_random_hops_from_strangers_are_each_answered_CON_or_END_on_one_screen_and_write_nothing()
    {
        var random = new Random(20261202);
        _ = factory.Server;
        var before = await DatabaseProbe.AllRowCountsAsync(factory);
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 10_000; i++)
        {
            var phone = random.Next(3) == 0 ? Unusable[random.Next(Unusable.Length)] : Stranger(random);
            await AssertAnsweredAsync(RandomBody(random, phone, i), i);
        }

        Assert.Equal(before, await DatabaseProbe.AllRowCountsAsync(factory));
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"10,000 hops took {watch.Elapsed}");
    }

    [Fact]
    public async Task Random_hops_from_members_are_each_answered_CON_or_END_on_one_screen_and_move_no_money()
    {
        var random = new Random(1202);
        _ = factory.Server;
        var money = await MoneyAsync();

        for (var i = 0; i < 2_000; i++)
        {
            await AssertAnsweredAsync(RandomBody(random, Members[random.Next(Members.Length)], i), i);
        }

        Assert.Equal(money, await MoneyAsync());
    }

    private async Task AssertAnsweredAsync(HttpContent body, int hop)
    {
        using (body)
        {
            using var response = await channels.Client.PostAsync(new Uri(Channels.UssdPath, UriKind.Relative), body);
            var screen = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"hop {hop}: {response.StatusCode} {screen}");
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.True(screen.StartsWith("CON ", StringComparison.Ordinal) || screen.StartsWith("END ", StringComparison.Ordinal), $"hop {hop}: {screen}");
            Assert.True(screen.Length <= 182, $"hop {hop}: {screen.Length} characters");
        }
    }

    /// <summary>A hop's body: usually Africa's Talking's form with some fields missing, odd or extra; sometimes not a form at all.</summary>
    private static HttpContent RandomBody(Random random, string phone, int hop)
    {
        if (random.Next(50) == 0)
        {
            return new StringContent(RandomText(random), Encoding.UTF8, random.Next(2) == 0 ? "application/json" : "text/plain");
        }

        var form = new List<KeyValuePair<string, string>>();
        void Add(string key, string value)
        {
            if (random.Next(10) > 0)
            {
                form.Add(new(key, value));
            }
        }

        // A few sessions are reused, so some hops continue a session and reach deeper screens.
        Add("sessionId", random.Next(4) == 0 ? RandomText(random) : $"ATUid_{random.Next(hop / 4 + 1)}");
        Add("serviceCode", random.Next(10) == 0 ? RandomText(random) : "*384*123#");
        Add("phoneNumber", phone);
        Add("networkCode", random.Next(10) == 0 ? RandomText(random) : "63902");
        Add("text", RandomText(random));
        if (random.Next(8) == 0)
        {
            form.Add(new(RandomText(random) + "x", RandomText(random)));
        }

        if (random.Next(30) == 0)
        {
            form.Add(new("text", RandomText(random)));
        }

        return new FormUrlEncodedContent(form);
    }

    /// <summary>A keypad's input most of the time; otherwise anything: pieces, odd characters, a long or a 20 KB run.</summary>
    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        switch (random.Next(20))
        {
            case < 10:
                for (var i = random.Next(0, 6); i > 0; i--)
                {
                    text.Append(text.Length > 0 ? "*" : "").Append(random.Next(4) == 0 ? "0" : random.Next(0, random.Next(2) == 0 ? 10 : 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                break;
            case 18:
                text.Append(new string((char)random.Next(0x20, 0x7F), random.Next(400, 900)));
                break;
            case 19 when random.Next(10) == 0:
                text.Append(new string('1', 20 * 1024));
                break;
            default:
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    text.Append(random.Next(3) == 0 ? (char)random.Next(0, 0x2FFF) : Pieces[random.Next(Pieces.Length)]);
                }

                break;
        }

        return text.ToString();
    }

    /// <summary>A valid Kenyan mobile number that is no member's.</summary>
    private static string Stranger(Random random)
    {
        string phone;
        do
        {
            phone = $"+2547{random.Next(10, 100)}{random.Next(0, 1_000_000):D6}";
        }
        while (Members.Contains(phone));
        return phone;
    }

    private async Task<string> MoneyAsync()
    {
        var counts = new List<string>();
        foreach (var table in new[] { "contributions", "credit_entries", "disbursements", "welfare_payouts", "fine_payments", "suspense_payments", "decision_votes" })
        {
            counts.Add($"{table}={await DatabaseProbe.CountAsync(factory, table)}");
        }

        return string.Join(", ", counts);
    }
}
