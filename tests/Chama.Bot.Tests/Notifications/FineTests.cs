using System.Data.Common;
using Chama.Bot.Notifications;
using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Data.Welfare;
using Chama.Tests;
using Dapper;

namespace Chama.Bot.Tests.Notifications;

/// <summary>
/// Late fines over the demo chama with a KES 200 fine and 3 grace days: round 1 is due on 31 January 2026, so its grace
/// period ends at the end of 3 February (Nairobi time) and fines are charged from midnight.
/// </summary>
public abstract class FineTests : IDisposable
{
    private static readonly DateTimeOffset LastMinuteOfGrace = new(2026, 2, 3, 23, 59, 0, NairobiTime.Offset);
    private static readonly DateTimeOffset GraceEnded = new(2026, 2, 4, 0, 0, 0, NairobiTime.Offset);

    private readonly BotFactory host;
    private readonly Channels channels;

    protected FineTests(Engine engine)
    {
        host = new BotFactory(engine);
        channels = new Channels(host.CreateClient());
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_fine_is_charged_once_per_round_after_the_grace_period_however_often_the_scheduler_runs()
    {
        var demo = await FinedDemoAsync();
        await demo.PayAsync(host, demo.Grace, 10_000, "QKJ4HT8M01");
        await demo.PayAsync(host, demo.Diana, 4_000, "QKJ4HT8M02");
        var scheduler = host.Get<FineScheduler>();

        // Hourly from the due date to a week after the grace period, every pass repeated, some of them at once.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 31, 0, 0, 0, NairobiTime.Offset));
        while (NairobiTime.Now(host.Clock) < new DateTimeOffset(2026, 2, 11, 0, 0, 0, NairobiTime.Offset))
        {
            await Task.WhenAll(scheduler.RunOnceAsync(default), scheduler.RunOnceAsync(default));
            await scheduler.RunOnceAsync(default);
            host.Clock.Advance(TimeSpan.FromHours(1));
        }

        var fines = await FinesAsync(demo);
        Assert.Equal([demo.Patrick.Id, demo.Diana.Id, demo.Samuel.Id], fines.Select(f => f.MemberId).Order());
        Assert.All(fines, f =>
        {
            Assert.Equal(demo.Rounds[0].Id, f.RoundId);
            Assert.Equal(Money.Kes(200), f.Amount);
            Assert.Equal(GraceEnded, f.ChargedAt);
            Assert.Equal(FineStatus.Owed, f.Status);
            Assert.Contains("late fine KES 200", f.Rule);
        });
        Assert.Equal(3, await DatabaseProbe.CountAsync(host, "audit_log", "action = 'fine.charged'"));

        // One message per fine, quoting the rule in the member's language, held back until quiet hours end at 07:00.
        var notices = await FineNoticesAsync();
        Assert.Equal(fines.Select(f => $"fine:{f.Id}").Order(), notices.Select(n => n.Key).Order());
        Assert.All(notices, n => Assert.Equal(new DateTimeOffset(2026, 2, 4, 7, 0, 0, NairobiTime.Offset), n.At));
        var samuel = fines.Single(f => f.MemberId == demo.Samuel.Id);
        Assert.StartsWith(
            $"Rule 3: late fine KES 200 for round 1 (due 31 Jan 2026, grace 3 days). Samuel Kimani, your Umoja Investment Club round 1 contribution was not fully paid when the grace period ended, so fine {samuel.Id} of KES 200 is charged.",
            notices.Single(n => n.Key == $"fine:{samuel.Id}").Body);
        var diana = fines.Single(f => f.MemberId == demo.Diana.Id);
        Assert.StartsWith("Kanuni 3: faini ya kuchelewa KES 200 kwa mzunguko 1 (tarehe 31 Jan 2026, muda wa ziada siku 3).", notices.Single(n => n.Key == $"fine:{diana.Id}").Body);

        // Outside the 24-hour window it goes as the approved template: rule, name, chama, round, fine number, amount.
        Assert.Equal(
            ("fine_charged", $$"""{"1":"3","2":"Samuel Kimani","3":"Umoja Investment Club","4":"1","5":"{{samuel.Id}}","6":"KES 200"}"""),
            await ContentOfAsync($"fine:{samuel.Id}"));
    }

    [Fact]
    public async Task No_fine_in_the_last_minute_of_the_grace_period_and_one_a_minute_after()
    {
        var demo = await FinedDemoAsync();
        var scheduler = host.Get<FineScheduler>();

        host.Clock.SetUtcNow(LastMinuteOfGrace);
        await scheduler.RunOnceAsync(default);
        Assert.Empty(await FinesAsync(demo));
        host.Clock.Advance(TimeSpan.FromSeconds(59));
        await scheduler.RunOnceAsync(default);
        Assert.Empty(await FinesAsync(demo));

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await scheduler.RunOnceAsync(default);
        Assert.Equal(4, (await FinesAsync(demo)).Count);
        // Midnight is within quiet hours: the fines are recorded, their messages wait for the morning.
        Assert.Empty(await FineNoticesAsync());
    }

    [Fact]
    public async Task A_per_day_fine_starts_the_minute_after_the_grace_period_and_is_charged_once_a_day()
    {
        var demo = await FinedDemoAsync(dailyCap: 500);
        await demo.PayAsync(host, demo.Grace, 10_000, "QKJ4HT8M01");
        await demo.PayAsync(host, demo.Patrick, 10_000, "QKJ4HT8M02");
        await demo.PayAsync(host, demo.Diana, 10_000, "QKJ4HT8M03");
        var scheduler = host.Get<FineScheduler>();

        host.Clock.SetUtcNow(LastMinuteOfGrace.AddSeconds(59));
        await scheduler.RunOnceAsync(default);
        Assert.Empty(await FinesAsync(demo));

        host.Clock.SetUtcNow(GraceEnded);
        await Task.WhenAll(scheduler.RunOnceAsync(default), scheduler.RunOnceAsync(default));
        await scheduler.RunOnceAsync(default);
        Assert.Equal([(1, Money.Kes(200))], (await FinesAsync(demo)).Select(f => (f.Day, f.Amount)));

        // The rest of day 1 adds nothing; the first minute of day 2 adds day 2's fine.
        host.Clock.SetUtcNow(GraceEnded.AddDays(1).AddMinutes(-1));
        await scheduler.RunOnceAsync(default);
        Assert.Single(await FinesAsync(demo));
        host.Clock.SetUtcNow(GraceEnded.AddDays(1));
        await scheduler.RunOnceAsync(default);
        await scheduler.RunOnceAsync(default);

        var fines = await FinesAsync(demo);
        Assert.Equal([(1, Money.Kes(200)), (2, Money.Kes(200))], fines.Select(f => (f.Day, f.Amount)));
        Assert.All(fines, f => Assert.Equal(demo.Samuel.Id, f.MemberId));
        Assert.Contains("for each day", fines[0].Rule);
    }

    [Fact]
    public async Task Per_day_fines_stop_at_the_cap_however_often_the_scheduler_runs()
    {
        var demo = await FinedDemoAsync(dailyCap: 500);
        await demo.PayAsync(host, demo.Grace, 10_000, "QKJ4HT8M01");
        await demo.PayAsync(host, demo.Patrick, 10_000, "QKJ4HT8M02");
        await demo.PayAsync(host, demo.Diana, 10_000, "QKJ4HT8M03");
        var scheduler = host.Get<FineScheduler>();

        // Every six hours for ten days after the grace period, every pass repeated, some of them at once.
        host.Clock.SetUtcNow(GraceEnded.AddHours(9));
        while (host.Clock.GetUtcNow() < GraceEnded.AddDays(10))
        {
            await Task.WhenAll(scheduler.RunOnceAsync(default), scheduler.RunOnceAsync(default));
            await scheduler.RunOnceAsync(default);
            host.Clock.Advance(TimeSpan.FromHours(6));
        }

        // KES 200 on days 1 and 2, the KES 100 the cap leaves on day 3, then nothing: one message for each.
        var fines = await FinesAsync(demo);
        Assert.Equal([(1, Money.Kes(200)), (2, Money.Kes(200)), (3, Money.Kes(100))], fines.Select(f => (f.Day, f.Amount)));
        Assert.Equal(3, await DatabaseProbe.CountAsync(host, "audit_log", "action = 'fine.charged'"));
        var notices = await FineNoticesAsync();
        Assert.Equal(fines.Select(f => $"fine:{f.Id}"), notices.Select(n => n.Key));
        Assert.StartsWith(
            $"Rule 3: late fine KES 200 a day, up to KES 500 a round, for round 1 (due 31 Jan 2026, grace 3 days). Samuel Kimani, your Umoja Investment Club round 1 contribution is still not fully paid on day 3 after the grace period, so fine {fines[2].Id} of KES 100 is charged.",
            notices[2].Body);
        Assert.Contains("Fines owed: KES 500", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
    }

    [Fact]
    public async Task A_per_day_fine_stops_the_day_the_member_pays_in_full()
    {
        var demo = await FinedDemoAsync(dailyCap: 1_000);
        var scheduler = host.Get<FineScheduler>();
        host.Clock.SetUtcNow(GraceEnded.AddHours(9));
        await scheduler.RunOnceAsync(default);
        Assert.Equal(4, (await FinesAsync(demo)).Count);

        await demo.PayAsync(host, demo.Samuel, 10_000, "QKJ4HT8M01");
        host.Clock.Advance(TimeSpan.FromDays(1));
        await scheduler.RunOnceAsync(default);

        var fines = await FinesAsync(demo);
        Assert.Equal([1], fines.Where(f => f.MemberId == demo.Samuel.Id).Select(f => f.Day));
        Assert.Equal(7, fines.Count);
    }

    [Fact]
    public async Task A_member_paid_in_full_is_never_fined()
    {
        var demo = await FinedDemoAsync();
        await demo.PayAsync(host, demo.Grace, 6_000, "QKJ4HT8M01");
        await demo.PayAsync(host, demo.Grace, 4_000, "QKJ4HT8M02");
        await demo.PayAsync(host, demo.Patrick, 10_000, "QKJ4HT8M03");
        await demo.PayAsync(host, demo.Diana, 15_000, "QKJ4HT8M04");

        host.Clock.SetUtcNow(GraceEnded.AddHours(8));
        await host.Get<FineScheduler>().RunOnceAsync(default);

        var fine = Assert.Single(await FinesAsync(demo));
        Assert.Equal(demo.Samuel.Id, fine.MemberId);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "outbound_messages", "idempotency_key LIKE 'fine:%'"));
    }

    [Fact]
    public async Task No_fine_is_charged_when_the_constitution_has_none()
    {
        var demo = await Demo.LoadAsync(host);
        Assert.Equal(Money.Kes(0), demo.Chama.Constitution.LateFine);
        host.Clock.SetUtcNow(GraceEnded.AddDays(40));
        await host.Get<FineScheduler>().RunOnceAsync(default);

        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "fines"));
    }

    [Fact]
    public async Task A_waived_fine_is_no_longer_owed_and_the_waiver_is_audited()
    {
        var demo = await ChargedDemoAsync();
        var fine = await FineOfAsync(demo, demo.Samuel);
        Assert.Contains("Fines owed: KES 200", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));

        Assert.StartsWith(
            $"Fine {fine.Id} of KES 200 for Samuel Kimani is waived. Reason: in hospital on the due date\n",
            await channels.WhatsAppAsync(Phones.Patrick, $"WAIVE {fine.Id} in hospital on the due date"));

        Assert.Equal(FineStatus.Waived, (await host.Get<FineStore>().FindAsync(fine.Id))!.Status);
        Assert.DoesNotContain("Fines owed", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
        var audit = await AuditAsync("fine.waived");
        Assert.Equal((demo.Patrick.Id, $"fine:{fine.Id} member:{demo.Samuel.Id} reason:in hospital on the due date"), Assert.Single(audit));
        var notice = Assert.Single(await FineNoticesAsync(), n => n.Key == $"fine-waived:{fine.Id}");
        Assert.Contains("has been waived by Patrick Ochieng. Reason: in hospital on the due date", notice.Body);

        // Waiving twice is refused and changes nothing.
        Assert.Contains("is no longer owed", await channels.WhatsAppAsync(Phones.Grace, $"WAIVE {fine.Id} again"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "fine_waivers"));
    }

    [Fact]
    public async Task Only_an_officer_can_waive_and_never_their_own_fine()
    {
        var demo = await ChargedDemoAsync();
        var graceFine = await FineOfAsync(demo, demo.Grace);
        var samuelFine = await FineOfAsync(demo, demo.Samuel);

        Assert.StartsWith("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, $"SAMEHE {samuelFine.Id} ni rafiki"));
        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, $"WAIVE {samuelFine.Id} please"));
        Assert.Contains("You cannot waive your own fine", await channels.WhatsAppAsync(Phones.Grace, $"WAIVE {graceFine.Id} I was travelling"));
        Assert.Contains($"Give a reason, up to 140 characters: WAIVE {samuelFine.Id} <reason>", await channels.WhatsAppAsync(Phones.Grace, $"WAIVE {samuelFine.Id}"));
        Assert.Contains("Give a reason, up to 140", await channels.WhatsAppAsync(Phones.Grace, $"WAIVE {samuelFine.Id} {new string('x', 141)}"));
        Assert.Contains("There is no fine 999", await channels.WhatsAppAsync(Phones.Grace, "WAIVE 999 typo"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "fine_waivers"));
        Assert.Empty(await AuditAsync("fine.waived"));

        // Another officer may waive the treasurer's fine.
        Assert.Contains("is waived", await channels.WhatsAppAsync(Phones.Patrick, $"WAIVE {graceFine.Id} collecting for the chama"));
        Assert.Equal(FineStatus.Waived, (await host.Get<FineStore>().FindAsync(graceFine.Id))!.Status);
    }

    [Fact]
    public async Task A_paid_fine_goes_to_the_welfare_fund()
    {
        var demo = await ChargedDemoAsync();
        var fine = await FineOfAsync(demo, demo.Samuel);
        var store = host.Get<FineStore>();
        var welfare = host.Get<WelfareLedger>();
        Assert.Equal(Money.Kes(0), await welfare.GetBalanceAsync(demo.Chama.Id));

        var paid = await store.PayFineAsync(fine.Id, "QKJ4HT8F01", Actor.System("treasurer"));
        var replayed = await store.PayFineAsync(fine.Id, "QKJ4HT8F01", Actor.System("treasurer"));

        Assert.False(paid.AlreadyRecorded);
        Assert.True(replayed.AlreadyRecorded);
        Assert.Equal((Fund.Welfare, demo.Samuel.Id, Money.Kes(200)), (paid.Contribution.Fund, paid.Contribution.MemberId, paid.Contribution.Amount));
        Assert.Equal(Money.Kes(200), await welfare.GetBalanceAsync(demo.Chama.Id));
        Assert.Equal(FineStatus.Paid, (await store.FindAsync(fine.Id))!.Status);
        Assert.Single(await AuditAsync("fine.paid"));

        // Paid, it is no longer owed; it is not counted as the member's welfare contribution either.
        var statement = (await host.Get<MemberStatements>().FindAsync(demo.Samuel, NairobiTime.Today(host.Clock)))!;
        Assert.Equal((Money.Kes(0), Money.Kes(0)), (statement.FinesOwed, statement.WelfarePaid));

        // A paid fine cannot be paid again or waived; its receipt cannot pay anything else.
        Assert.Equal(ChamaError.FineSettled, (await Assert.ThrowsAsync<ChamaException>(() => store.PayFineAsync(fine.Id, "QKJ4HT8F02", Actor.System("treasurer")))).Error);
        Assert.Contains("is no longer owed", await channels.WhatsAppAsync(Phones.Patrick, $"WAIVE {fine.Id} too late"));
        var other = await FineOfAsync(demo, demo.Diana);
        Assert.Equal(ChamaError.ReceiptConflict, (await Assert.ThrowsAsync<ChamaException>(() => store.PayFineAsync(other.Id, "QKJ4HT8F01", Actor.System("treasurer")))).Error);
        Assert.Equal(Money.Kes(200), await welfare.GetBalanceAsync(demo.Chama.Id));
    }

    [Fact]
    public async Task The_balance_shows_fines_owed()
    {
        var demo = await ChargedDemoAsync();

        var samuel = await channels.WhatsAppAsync(Phones.Samuel, "BALANCE");
        Assert.Contains("Welfare paid: KES 0\nFines owed: KES 200\nYour pot: round 4", samuel);
        Assert.Contains("Faini unazodaiwa: KES 200", await channels.WhatsAppAsync(Phones.Diana, "SALIO"));
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        // The USSD screen would overflow with every line: lines of nothing and welfare paid are left out.
        var ussd = await channels.UssdAsync("ATUid_1", Phones.Samuel, "2");
        Assert.Contains("\nFines owed: KES 200\nYour pot: round 4", ussd);
        Assert.DoesNotContain("Welfare paid", ussd);
        var statement = (await host.Get<MemberStatements>().FindAsync(demo.Patrick, NairobiTime.Today(host.Clock)))!;
        Assert.Equal(Money.Kes(200), statement.FinesOwed);
    }

    [Fact]
    public async Task The_database_holds_one_fine_per_member_and_round_and_never_changes_one()
    {
        var demo = await ChargedDemoAsync();
        var fine = await FineOfAsync(demo, demo.Samuel);
        await using var connection = host.Storage.Connect();

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO fines (chama_id, round_id, member_id, day, amount_minor, currency, rule, charged_at) VALUES (@ChamaId, @RoundId, @MemberId, @Day, 100, 'KES', 'x', 0);",
            new { fine.ChamaId, fine.RoundId, fine.MemberId, fine.Day }));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE fines SET amount_minor = 1;"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM fines;"));
        Assert.Equal(4, await DatabaseProbe.CountAsync(host, "fines"));
    }

    /// <summary>The demo chama with a KES 200 late fine after 3 grace days, flat or (with a cap) for each day late.</summary>
    private async Task<Demo> FinedDemoAsync(long? dailyCap = null)
    {
        var demo = await Demo.LoadAsync(host);
        await demo.WithLateFineAsync(host, dailyCap);
        return demo;
    }

    /// <summary>Nobody paid round 1: at 09:00 on 4 February, after the scheduler's pass, all four are fined.</summary>
    private async Task<Demo> ChargedDemoAsync()
    {
        var demo = await FinedDemoAsync();
        host.Clock.SetUtcNow(GraceEnded.AddHours(9));
        await host.Get<FineScheduler>().RunOnceAsync(default);
        Assert.Equal(4, (await FinesAsync(demo)).Count);
        return demo;
    }

    private async Task<IReadOnlyList<Fine>> FinesAsync(Demo demo) => await host.Get<FineStore>().GetForCycleAsync(demo.Rounds[0].CycleId);

    private async Task<Fine> FineOfAsync(Demo demo, Member member) => (await FinesAsync(demo)).Single(f => f.MemberId == member.Id);

    private async Task<IReadOnlyList<(string Key, string Body, DateTimeOffset At)>> FineNoticesAsync()
    {
        await using var connection = host.Storage.Connect();
        return (await connection.QueryAsync<(string Key, string Body, long At)>(
                "SELECT idempotency_key, body, created_at FROM outbound_messages WHERE idempotency_key LIKE 'fine%' ORDER BY id;"))
            .Select(r => (r.Key, r.Body, DateTimeOffset.FromUnixTimeMilliseconds(r.At).ToOffset(NairobiTime.Offset)))
            .ToList();
    }

    private async Task<(string? Template, string? Variables)> ContentOfAsync(string key)
    {
        await using var connection = host.Storage.Connect();
        return await connection.QuerySingleAsync<(string?, string?)>("SELECT template, variables_json FROM outbound_messages WHERE idempotency_key = @key;", new { key });
    }

    private async Task<IReadOnlyList<(long? Actor, string Subject)>> AuditAsync(string action)
    {
        await using var connection = host.Storage.Connect();
        return (await connection.QueryAsync<(long? Actor, string Subject)>(
            "SELECT actor_member_id, subject FROM audit_log WHERE action = @action ORDER BY id;", new { action })).ToList();
    }
}

public sealed class SqliteFineTests() : FineTests(Engine.Sqlite);

public sealed class PostgresFineTests() : FineTests(Engine.Postgres);
