using Chama.Bot.Sessions;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// A USSD session belongs to the phone that dialled it; strangers leave no session behind; sessions end with their
/// channel's lifetime and a background pass purges them.
/// </summary>
public abstract class UssdSessionTests : IDisposable
{
    private const string Burial = "4*1*0*1*3000*Burial of my uncle";

    private readonly BotFactory factory;
    private readonly Channels channels;

    protected UssdSessionTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_stranger_reposting_a_members_sessionId_gets_neither_her_balance_nor_her_half_done_welfare_request()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FundWelfareAsync(factory, 3_000);
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8MZ1");
        await channels.UssdAsync("ATUid_bal", Phones.Samuel, "");
        var balance = await channels.UssdAsync("ATUid_bal", Phones.Samuel, "2");
        Assert.Contains("Paid: KES 4,000", balance);
        foreach (var text in new[] { "", "4", "4*1", "4*1*0", "4*1*0*1", "4*1*0*1*3000", Burial })
        {
            await channels.UssdAsync("ATUid_welfare", Phones.Samuel, text);
        }

        // The same hop from another phone is no retry of hers: it is that phone's own new session.
        Assert.Matches("^END .* is not in any chama.*NEW CHAMA.*WhatsApp", await channels.UssdAsync("ATUid_bal", Phones.Stranger, "2"));
        var diana = await channels.UssdAsync("ATUid_bal", Phones.Diana, "2");
        Assert.DoesNotContain("4,000", diana);
        Assert.NotEqual(balance, diana);

        // Her half-done request cannot be confirmed from another phone, by a stranger or by another member.
        Assert.Matches("^END .* is not in any chama.*NEW CHAMA.*WhatsApp", await channels.UssdAsync("ATUid_welfare", Phones.Stranger, Burial + "*1"));
        Assert.StartsWith("CON ", await channels.UssdAsync("ATUid_welfare", Phones.Diana, Burial + "*1"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "welfare_requests"));

        // Her own session is untouched: she still confirms it.
        Assert.StartsWith("END Your request W", await channels.UssdAsync("ATUid_welfare", Phones.Samuel, Burial + "*1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "welfare_requests", $"member_id = {demo.Samuel.Id}"));
    }

    [Fact]
    public async Task An_unregistered_phone_leaves_no_session_row_on_either_channel()
    {
        _ = factory.Server;

        await channels.UssdAsync("ATUid_s1", Phones.Stranger, "");
        await channels.UssdAsync("ATUid_s1", Phones.Stranger, "1");
        await channels.UssdAsync("ATUid_s2", "+254700123456", "1*1*1");
        var first = await channels.WhatsAppAsync(Phones.Stranger, "PAY", messageSid: "SMstranger1");

        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
        // Twilio's retry of the same message still gets the answer it was given.
        Assert.Equal(first, await channels.WhatsAppAsync(Phones.Stranger, "PAY", messageSid: "SMstranger1"));
    }

    [Fact]
    public async Task A_USSD_session_older_than_180_seconds_is_not_continued()
    {
        await channels.UssdAsync("ATUid_old", Phones.Samuel, "");
        Assert.StartsWith("CON Round 1", await channels.UssdAsync("ATUid_old", Phones.Samuel, "1"));

        factory.Clock.Advance(TimeSpan.FromSeconds(181));

        // Read afresh: "1" chooses Pay from the menu again instead of confirming the amount of the old session.
        Assert.StartsWith("CON Round 1", await channels.UssdAsync("ATUid_old", Phones.Samuel, "1*1"));
    }

    [Fact]
    public async Task The_purge_removes_USSD_sessions_after_180_seconds_and_WhatsApp_state_after_a_day()
    {
        await channels.UssdAsync("ATUid_p", Phones.Samuel, "");
        await channels.WhatsAppAsync(Phones.Samuel, "MENU");
        var purge = factory.Get<SessionPurge>();

        factory.Clock.Advance(TimeSpan.FromSeconds(180));
        await purge.RunOnceAsync(default);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "channel = 'ussd'"));

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await purge.RunOnceAsync(default);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "channel = 'ussd'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "channel = 'whatsapp'"));

        factory.Clock.Advance(TimeSpan.FromDays(1));
        await purge.RunOnceAsync(default);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }
}

public sealed class SqliteUssdSessionTests() : UssdSessionTests(Engine.Sqlite);

public sealed class PostgresUssdSessionTests() : UssdSessionTests(Engine.Postgres);
