using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// Free text reaches the database and other members' phones without control or bidi-override characters, whichever
/// way it enters: a chat message or a dashboard form (the operator CLI: see Cli/CleanTextTests).
/// </summary>
public abstract class CleanTextTests : IDisposable
{
    /// <summary>"KES 5,000 for hospital" that displays reversed after the override: what an officer would be misled by.</summary>
    private const string Override = "\u202E";

    private readonly BotFactory factory;
    private readonly Channels channels;

    protected CleanTextTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_welfare_reason_sent_on_whatsapp_is_stored_and_sent_to_the_officers_clean()
    {
        await (await Demo.LoadAsync(factory)).FundWelfareAsync(factory, 5_000);
        await channels.WhatsAppAsync(Phones.Samuel, "WELFARE");
        await channels.WhatsAppAsync(Phones.Samuel, "2");
        await channels.WhatsAppAsync(Phones.Samuel, "5,000");
        Assert.Contains("(hospital): My son was admitted", await channels.WhatsAppAsync(Phones.Samuel, $"My son{Override} was admitted\u2066\u200F"));

        await channels.WhatsAppAsync(Phones.Samuel, "1");

        Assert.Equal("My son was admitted", await DatabaseProbe.ScalarAsync<string>(factory, "SELECT reason FROM welfare_requests;"));
        Assert.Equal(3, await DatabaseProbe.CountAsync(factory, "outbound_messages", "body LIKE '%My son was admitted%'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"body LIKE '%{Override}%'"));
    }

    [Fact]
    public async Task A_rejection_reason_sent_on_whatsapp_is_stored_clean()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);

        Assert.Contains("meeting not held", await channels.WhatsAppAsync(Phones.Patrick, $"REJECT P{demo.Rounds[0].Id} meeting{Override} not held\u2069"));

        Assert.Equal("meeting not held", await DatabaseProbe.ScalarAsync<string>(factory, "SELECT reason FROM decision_votes;"));
    }

    [Fact]
    public async Task A_member_added_on_the_dashboard_has_a_clean_name()
    {
        var demo = await Demo.LoadAsync(factory);
        var members = DashboardLayout.Href(demo.Chama.Id, "members");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        await browser.GetAsync(members);

        var added = await browser.PostAsync(members, new Dictionary<string, string> { ["name"] = $"Esther {Override}Njeri\u200E", ["phone"] = "0700 000 005", ["seat"] = "5", ["language"] = "Sw" });

        Assert.Contains("The member is added.", added.Text, StringComparison.Ordinal);
        Assert.Equal("Esther Njeri", await DatabaseProbe.ScalarAsync<string>(factory, "SELECT name FROM members WHERE seat = 5;"));
    }

    [Fact]
    public async Task An_exit_reason_typed_on_the_dashboard_is_stored_clean()
    {
        var demo = await Demo.LoadAsync(factory);
        var members = DashboardLayout.Href(demo.Chama.Id, "members");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        await browser.GetAsync(members);

        var left = await browser.PostAsync($"{members}/{demo.Samuel.Id}/exit", new Dictionary<string, string> { ["reason"] = $"moved to {Override}Mombasa\u2069" });

        Assert.Contains("The member's exit is recorded.", left.Text, StringComparison.Ordinal);
        Assert.Equal("moved to Mombasa", await DatabaseProbe.ScalarAsync<string>(factory, "SELECT reason FROM member_exits;"));
    }

    [Fact]
    public async Task A_rejection_reason_typed_on_the_dashboard_is_stored_clean()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"));

        await browser.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, $"approvals/P{demo.Rounds[0].Id}"),
            new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = $"\u2067not yet{Override}" });

        Assert.Equal("not yet", await DatabaseProbe.ScalarAsync<string>(factory, "SELECT reason FROM decision_votes;"));
    }
}

public sealed class SqliteCleanTextTests() : CleanTextTests(Engine.Sqlite);

public sealed class PostgresCleanTextTests() : CleanTextTests(Engine.Postgres);
