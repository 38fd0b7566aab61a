using System.Net;
using System.Text.RegularExpressions;
using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Bot.Tests.Faults;
using Chama.Conversations;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Tests;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chama.Bot.Tests;

/// <summary>
/// On USSD a phone is no proof of who is deciding: approving or rejecting asks for the officer's PIN on the last screen.
/// Three wrong PINs lock the officer's USSD decisions until a reset on the dashboard, and the other officers are told.
/// The PIN is kept only as a hash in its own table: never in a session, an inbound log, an audit entry or the log.
/// </summary>
public abstract class UssdPinTests : IDisposable
{
    private readonly LogRecorder logs = new(LogLevel.Trace);
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected UssdPinTests(Engine engine)
    {
        factory = new BotFactory(engine).With("Logging:LogLevel:Default", "Trace").WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_decision_with_a_wrong_PIN_changes_nothing_and_the_right_PIN_takes_it()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        await OfficerPins.SetAsync(factory, demo.Patrick);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        var screens = await DialAsync("ATUid_pin", Phones.Patrick, "6", "1", "1", "1111");

        Assert.StartsWith($"CON Enter your 4-digit PIN to approve P{demo.Rounds[0].Id}:\n0. Back", screens[3]);
        Assert.StartsWith($"CON Wrong PIN. 2 tries left before it locks.\nEnter your 4-digit PIN to approve P{demo.Rounds[0].Id}:", screens[4]);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        Assert.StartsWith("END You approved", await channels.UssdAsync("ATUid_pin", Phones.Patrick, $"6*1*1*1111*{OfficerPins.Pin}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"officer_member_id = {demo.Patrick.Id} AND decision = 'Approve'"));
    }

    [Fact]
    public async Task A_rejection_on_USSD_is_taken_only_with_the_PIN()
    {
        var demo = await Demo.LoadAsync(factory);
        var esther = await SecretaryAsync(demo);
        await demo.FillRoundOneAsync(factory);
        await OfficerPins.SetAsync(factory, esther);

        var screens = await DialAsync("ATUid_rej", Esther, "6", "1", "2", "wait a month");

        Assert.StartsWith($"CON Weka PIN yako ya tarakimu 4 kukataa P{demo.Rounds[0].Id}:", screens[4]);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        Assert.StartsWith("END", await channels.UssdAsync("ATUid_rej", Esther, $"6*1*2*wait a month*{OfficerPins.Pin}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"officer_member_id = {esther.Id} AND decision = 'Reject' AND reason = 'wait a month'"));
    }

    [Fact]
    public async Task Going_back_from_the_PIN_screen_decides_nothing_and_the_next_choice_is_taken_as_made()
    {
        var demo = await Demo.LoadAsync(factory);
        var esther = await SecretaryAsync(demo);
        await demo.FillRoundOneAsync(factory);
        await OfficerPins.SetAsync(factory, esther);

        var screens = await DialAsync("ATUid_back", Esther, "6", "1", "2", "wait a month", "0");

        Assert.StartsWith($"CON P{demo.Rounds[0].Id}", screens[5]);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        await channels.UssdAsync("ATUid_back", Esther, "6*1*2*wait a month*0*1");
        Assert.StartsWith("END", await channels.UssdAsync("ATUid_back", Esther, $"6*1*2*wait a month*0*1*{OfficerPins.Pin}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"officer_member_id = {esther.Id} AND decision = 'Approve' AND reason IS NULL"));
    }

    [Fact]
    public async Task Three_wrong_PINs_lock_USSD_decisions_and_the_other_officers_are_told()
    {
        var demo = await Demo.LoadAsync(factory);
        var esther = await SecretaryAsync(demo);
        await demo.FillRoundOneAsync(factory);
        await OfficerPins.SetAsync(factory, demo.Patrick);
        var before = await DatabaseProbe.CountAsync(factory, "outbound_messages");

        var locked = await LockAsync(demo);

        Assert.StartsWith("END Your PIN is locked after 3 wrong tries. Nothing was decided.", locked);
        // Locked: the right PIN is not even asked for.
        var screens = await DialAsync("ATUid_after", Phones.Patrick, "6", "1", "1");
        Assert.StartsWith("END Your PIN is locked", screens[3]);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'pin.locked' AND actor_member_id = {demo.Patrick.Id}"));

        // Grace, Diana and Esther are the other officers.
        Assert.Equal(before + 3, await DatabaseProbe.CountAsync(factory, "outbound_messages"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory, "outbound_messages", $"member_id = {demo.Grace.Id} AND idempotency_key LIKE 'pin-locked:{demo.Patrick.Id}:%' AND body LIKE '%the USSD PIN of Patrick Ochieng was locked after 3 wrong tries%'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory, "outbound_messages", $"member_id = {demo.Diana.Id} AND idempotency_key LIKE 'pin-locked:{demo.Patrick.Id}:%' AND body LIKE '%PIN ya USSD ya Patrick Ochieng imefungwa%'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory, "outbound_messages", $"member_id = {esther.Id} AND idempotency_key LIKE 'pin-locked:{demo.Patrick.Id}:%' AND body LIKE '%PIN ya USSD ya Patrick Ochieng imefungwa%'"));
    }

    [Fact]
    public async Task A_PIN_reset_on_the_dashboard_unlocks_USSD_decisions()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        await OfficerPins.SetAsync(factory, demo.Patrick);
        await LockAsync(demo);
        var dashboard = new DashboardClient(factory);
        await dashboard.SignInAsync(Phones.Patrick);
        var pinPage = DashboardLayout.Href(demo.Chama.Id, PinPages.Path);

        Assert.Contains("Your PIN is locked after 3 wrong tries: set a new one", (await dashboard.GetAsync(pinPage)).Text);
        var weak = await dashboard.PostAsync(pinPage, new Dictionary<string, string> { ["pin"] = "9876", ["repeat"] = "9876" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.Status);
        Assert.Contains("That PIN is too easy to guess.", weak.Text);
        var differ = await dashboard.PostAsync(pinPage, new Dictionary<string, string> { ["pin"] = "4826", ["repeat"] = "4862" });
        Assert.Equal(HttpStatusCode.BadRequest, differ.Status);
        Assert.Contains("The two PINs differ.", differ.Text);
        Assert.StartsWith("END Your PIN is locked", (await DialAsync("ATUid_still", Phones.Patrick, "6", "1", "1"))[3]);

        var set = await dashboard.PostAsync(pinPage, new Dictionary<string, string> { ["pin"] = "4826", ["repeat"] = "4826" });

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Contains("Your new PIN is set.", set.Text);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'pin.reset' AND actor_member_id = {demo.Patrick.Id} AND channel = 'dashboard'"));
        Assert.StartsWith("END You approved", (await DialAsync("ATUid_reset", Phones.Patrick, "6", "1", "1", "4826"))[4]);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"officer_member_id = {demo.Patrick.Id}"));
    }

    [Fact]
    public async Task A_weak_or_mistyped_new_PIN_is_refused_and_nothing_is_decided_until_it_is_typed_twice()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);

        var screens = await DialAsync("ATUid_new", Phones.Patrick, "6", "1", "1", "1234", "2222", "0002", "12", "4826", "4827", "4826");
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        screens.Add(await channels.UssdAsync("ATUid_new", Phones.Patrick, "6*1*1*1234*2222*0002*12*4826*4827*4826*4826"));

        Assert.StartsWith("CON Choose a 4-digit PIN", screens[3]);
        Assert.StartsWith("CON That PIN is too easy to guess.\nChoose", screens[4]);
        Assert.StartsWith("CON That PIN is too easy to guess.\nChoose", screens[5]);
        Assert.StartsWith("CON That PIN is too easy to guess.\nChoose", screens[6]);
        Assert.StartsWith("CON A PIN is 4 digits.\nChoose", screens[7]);
        Assert.StartsWith("CON Enter the same PIN again", screens[8]);
        Assert.StartsWith("CON The two PINs differ.\nChoose", screens[9]);
        Assert.StartsWith("CON Enter the same PIN again", screens[10]);
        Assert.StartsWith("END You approved", screens[11]);
        Assert.All(screens, screen => Assert.True(screen.Length <= ScreenFit.UssdLimit + "CON ".Length, $"{screen.Length} characters:\n{screen}"));
    }

    [Fact]
    public async Task The_PIN_and_its_hash_are_in_no_table_but_the_PIN_table_and_not_in_the_log()
    {
        var demo = await Demo.LoadAsync(factory);
        await SecretaryAsync(demo);
        await demo.FillRoundOneAsync(factory);

        // Patrick chooses 7395 on first use and approves; he comes back, types a wrong PIN and then his own; Esther
        // mistypes hers when repeating it, then chooses it again and rejects.
        Assert.StartsWith("END You approved", (await DialAsync("ATUid_a", Phones.Patrick, "6", "1", "1", "7395", "7395"))[5]);
        Assert.StartsWith("END You have already decided", (await DialAsync("ATUid_c", Phones.Patrick, "6", "1", "1", "7396", "7395"))[5]);
        Assert.StartsWith("END", (await DialAsync("ATUid_b", Esther, "6", "1", "2", "not yet", "7395", "7396", "7395", "7395"))[8]);
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "decision_votes"));

        await using var connection = factory.Storage.Connect();
        var hashes = (await connection.QueryAsync<string>("SELECT pin_hash FROM officer_pins;")).ToList();
        Assert.Equal(2, hashes.Count);
        var secrets = hashes.Concat(hashes.SelectMany(h => h.Split('$').Skip(2))).Append("7395").Append("7396").ToList();

        Assert.Empty(await WhereFoundAsync(secrets));
        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => secrets.Any(s => e.Message.Contains(s, StringComparison.Ordinal)));
        // The sessions kept the input with each PIN step hidden, so the next hop still follows it.
        Assert.Equal(3, await DatabaseProbe.CountAsync(factory, "conversation_sessions", "last_input LIKE '%*####%'"));
    }

    private const string Esther = "+254700000005";

    /// <summary>A second officer who can decide on round 1's pot (Grace receives it), reading Swahili.</summary>
    private async Task<Member> SecretaryAsync(Demo demo) =>
        await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", Esther, 5, MemberRoles.Secretary, Language.Sw), Actor.System("test"));

    /// <summary>Three wrong PINs from Patrick, over two sessions: the count is the officer's, not the session's.</summary>
    private async Task<string> LockAsync(Demo demo)
    {
        var first = await DialAsync("ATUid_lock_1", Phones.Patrick, "6", "1", "1", "1111", "2222");
        Assert.StartsWith("CON Wrong PIN. 1 try left before it locks.", first[5]);
        return (await DialAsync("ATUid_lock_2", Phones.Patrick, "6", "1", "1", "3333"))[4];
    }

    /// <summary>Dials and answers each screen in turn, as Africa's Talking sends it (the whole input so far); every screen.</summary>
    private async Task<List<string>> DialAsync(string session, string phone, params string[] steps)
    {
        var screens = new List<string> { await channels.UssdAsync(session, phone, "") };
        for (var i = 1; i <= steps.Length; i++)
        {
            screens.Add(await channels.UssdAsync(session, phone, string.Join('*', steps.Take(i))));
        }

        return screens;
    }

    /// <summary>Every column of every table but the PIN table that holds one of <paramref name="secrets"/>.</summary>
    private async Task<List<string>> WhereFoundAsync(IReadOnlyList<string> secrets)
    {
        await using var connection = factory.Storage.Connect();
        var columns = factory.Storage.Engine == Engine.Postgres
            ? await connection.QueryAsync<(string Table, string Column)>(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema();")
            : await connection.QueryAsync<(string Table, string Column)>(
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%';");
        var found = new List<string>();
        foreach (var (table, column) in columns.Where(c => c.Table != "officer_pins"))
        {
            foreach (var secret in secrets)
            {
                // A PIN is four digits: inside a longer number (a timestamp, an amount) it is not the PIN.
                var sql = $"SELECT CAST({column} AS TEXT) FROM {table} WHERE CAST({column} AS TEXT) LIKE @pattern;";
                var values = await connection.QueryAsync<string>(sql, new { pattern = $"%{secret}%" });
                if (values.Any(v => Regex.IsMatch(v, $"(?<![0-9]){Regex.Escape(secret)}(?![0-9])")))
                {
                    found.Add($"{table}.{column} holds {secret}");
                }
            }
        }

        Assert.Contains(columns, c => c.Table == "conversation_sessions");
        return found;
    }
}

public sealed class SqliteUssdPinTests() : UssdPinTests(Engine.Sqlite);

public sealed class PostgresUssdPinTests() : UssdPinTests(Engine.Postgres);
