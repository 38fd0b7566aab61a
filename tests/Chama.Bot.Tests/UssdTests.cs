using System.Net;
using Chama.Core;
using Chama.Tests;
using NSubstitute;

namespace Chama.Bot.Tests;

public abstract class UssdTests : IDisposable
{
    private readonly Engine engine;
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected UssdTests(Engine engine)
    {
        this.engine = engine;
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Dialling_shows_the_menu_in_the_members_language()
    {
        Assert.Equal(
            "CON Umoja Investment Club\n1. Pay contribution\n2. My balance\n3. Who's pending\n4. Request welfare\n5. Kiswahili\n8. My statement",
            await channels.UssdAsync("ATUid_1", Phones.Samuel, ""));
        Assert.StartsWith("CON Umoja Investment Club\n1. Lipa mchango", await channels.UssdAsync("ATUid_2", Phones.Diana, ""));
    }

    [Fact]
    public async Task Balance_ends_the_session_with_the_statement()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8MZ1");

        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        var screen = await channels.UssdAsync("ATUid_1", Phones.Samuel, "2");

        Assert.StartsWith("END Umoja Investment Club, cycle 1\nPaid: KES 4,000\nDue now: KES 6,000 (round 1)", screen);
    }

    [Fact]
    public async Task Pay_ends_the_session_before_the_STK_push_is_sent()
    {
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        Assert.StartsWith("CON Round 1, due 31 Jan 2026\nYou owe KES 10,000.", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1"));
        Assert.StartsWith("CON Pay KES 10,000", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*1"));
        Assert.Empty(Eventually.Pushes(factory.StkPush));

        var end = await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*1*1");

        Assert.StartsWith("END You will get an M-Pesa prompt for KES 10,000.", end);
        await Eventually.ReceivedAsync(factory.StkPush, r => r.Amount == Money.Kes(10_000) && r.Phone.E164 == Phones.Samuel && r.Channel == "ussd");
    }

    [Fact]
    public async Task A_partly_paid_member_is_asked_for_the_remainder()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Samuel, 2_500, "QKJ4HT8MZ1");

        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");

        Assert.Contains("You owe KES 7,500.", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1"));
    }

    [Fact]
    public async Task Zero_goes_back_and_double_zero_goes_to_the_main_menu()
    {
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "1");
        Assert.StartsWith("CON Enter the amount", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*2"));
        Assert.StartsWith("CON Round 1, due", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*2*0"));
        Assert.StartsWith("CON Umoja Investment Club\n1. Pay", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*2*0*0"));
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*2*0*0*4");
        Assert.StartsWith("CON Umoja Investment Club\n1. Pay", await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*2*0*0*4*00"));
    }

    [Fact]
    public async Task A_repeated_hop_is_answered_the_same_without_acting_twice()
    {
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "1");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*1");

        var first = await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*1*1");
        var again = await channels.UssdAsync("ATUid_1", Phones.Samuel, "1*1*1");

        Assert.Equal(first, again);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "payment_requests"));
    }

    [Fact]
    public async Task Nonsense_gets_the_menu_with_a_hint()
    {
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        Assert.StartsWith("CON Not understood.\nUmoja", await channels.UssdAsync("ATUid_1", Phones.Samuel, "9"));
    }

    [Fact]
    public async Task An_unknown_phone_is_told_how_to_join()
    {
        Assert.Matches("^END .* is not in any chama.*NEW CHAMA.*WhatsApp", await channels.UssdAsync("ATUid_1", Phones.Stranger, ""));
    }

    [Fact]
    public async Task A_session_continues_across_two_hosts_sharing_one_database()
    {
        _ = factory.Server;
        using var second = new BotFactory(factory.Storage);
        var other = new Channels(second.CreateClient());

        Assert.StartsWith("CON Umoja", await channels.UssdAsync("ATUid_9", Phones.Samuel, ""));
        Assert.StartsWith("CON Round 1", await other.UssdAsync("ATUid_9", Phones.Samuel, "1"));
        Assert.StartsWith("CON Enter the amount", await channels.UssdAsync("ATUid_9", Phones.Samuel, "1*2"));
        Assert.StartsWith("CON Pay KES 750", await other.UssdAsync("ATUid_9", Phones.Samuel, "1*2*750"));
        Assert.StartsWith("END You will get an M-Pesa prompt for KES 750.", await channels.UssdAsync("ATUid_9", Phones.Samuel, "1*2*750*1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "payment_requests", "amount_minor = 75000"));
    }

    [Theory]
    [InlineData("sessionId")]
    [InlineData("phoneNumber")]
    public async Task A_request_missing_its_fields_is_ended_politely_and_changes_nothing(string missing)
    {
        _ = factory.Server;
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var form = new Dictionary<string, string> { ["sessionId"] = "ATUid_1", ["serviceCode"] = "*384*123#", ["phoneNumber"] = Phones.Samuel, ["text"] = "1*1*1" };
        form.Remove(missing);

        using var response = await channels.PostUssdAsync(form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("END Sorry, this request could not be read. Please dial again.", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }

    [Fact]
    public async Task Another_service_code_is_ended_and_not_run_when_one_is_configured()
    {
        using var configured = new BotFactory(engine).With("Ussd:ServiceCode", "*384*999#");
        var client = new Channels(configured.CreateClient());

        using var response = await client.PostUssdAsync(new Dictionary<string, string>
        {
            ["sessionId"] = "ATUid_1", ["serviceCode"] = "*384*123#", ["phoneNumber"] = Phones.Samuel, ["text"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("END Sorry, this request could not be read.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await DatabaseProbe.CountAsync(configured, "conversation_sessions"));
    }
}

public sealed class SqliteUssdTests() : UssdTests(Engine.Sqlite);

public sealed class PostgresUssdTests() : UssdTests(Engine.Postgres);
