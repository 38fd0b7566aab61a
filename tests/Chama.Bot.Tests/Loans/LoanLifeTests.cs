using Chama.Bot.Dashboard;
using Chama.Bot.Notifications;
using Chama.Bot.Reports;
using Chama.Bot.Tests.Dashboard;
using Chama.Bot.Tests.Reports;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Tests;
using Dapper;

namespace Chama.Bot.Tests.Loans;

/// <summary>
/// A loan over time in the running host. The demo chama lends (3 times savings, 1.5% a month on the reducing balance,
/// a 10% late penalty after 3 days' grace, default after 3 missed instalments). Samuel borrowed KES 30,000 on 10
/// January 2026 over 6 months (instalments of KES 5,266 due on the 10th of February to July), guaranteed by Diana (a
/// Swahili-speaking officer) and Wanjiru for KES 7,500 each (each has KES 10,000 of savings), and repays nothing.
/// </summary>
public abstract class LoanLifeTests : IDisposable
{
    private readonly BotFactory host;
    private readonly Channels channels;

    protected LoanLifeTests(Engine engine)
    {
        host = new BotFactory(engine);
        channels = new Channels(host.CreateClient());
    }

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task The_scheduler_charges_interest_and_penalties_once_reminds_each_instalment_once_and_tells_everyone_of_the_default()
    {
        var (demo, loanId, _) = await LendingDemoAsync();
        var scheduler = host.Get<LoanScheduler>();

        // The day of the payout, then every day at 03:00 (quiet hours: nothing happens) and twice at 09:00 to 14 April.
        await scheduler.RunOnceAsync(default);
        for (var day = new DateOnly(2026, 1, 11); day <= new DateOnly(2026, 4, 14); day = day.AddDays(1))
        {
            host.Clock.SetUtcNow(new DateTimeOffset(day, new TimeOnly(3, 0), NairobiTime.Offset));
            var before = await DatabaseProbe.CountAsync(host, "loan_charges");
            await scheduler.RunOnceAsync(default);
            Assert.Equal(before, await DatabaseProbe.CountAsync(host, "loan_charges"));
            host.Clock.SetUtcNow(new DateTimeOffset(day, new TimeOnly(9, 0), NairobiTime.Offset));
            await Task.WhenAll(scheduler.RunOnceAsync(default), scheduler.RunOnceAsync(default));
        }

        // Months 1 to 4 charged 1.5% of the 30,000 still owed; instalments 1 to 3 missed, each penalised once.
        var charges = await ChargesAsync(loanId);
        Assert.Equal(
            [(1L, "Interest", 45_000L), (2L, "Interest", 45_000L), (3L, "Interest", 45_000L), (4L, "Interest", 45_000L), (1L, "Penalty", 52_700L), (2L, "Penalty", 53_400L), (3L, "Penalty", 54_100L)],
            charges.OrderBy(c => c.Kind).ThenBy(c => c.Instalment));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_events", $"loan_id = {loanId} AND status = 'Defaulted'"));

        var messages = await MessagesAsync();
        Assert.StartsWith(
            $"Rule 12: an instalment unpaid 3 days after its date is charged 10% of what is unpaid of it, once. Samuel Kimani, instalment 1 of your Umoja Investment Club loan L{loanId} (due 10 Feb 2026) is still unpaid, so a penalty of KES 527 is charged. You owe KES 31,427 on the loan now",
            messages[$"loan-charge:{loanId}:1:penalty"]);
        Assert.StartsWith($"Rule 12: interest 1.5% a month, on what is still owed. Samuel Kimani, KES 450 interest for month 1 of your Umoja Investment Club loan L{loanId}", messages[$"loan-charge:{loanId}:1:interest"]);
        Assert.Equal(7, messages.Keys.Count(k => k.StartsWith("loan-charge:", StringComparison.Ordinal)));

        // One reminder before each of instalments 1 to 3 (three days ahead) and one when each was late.
        string[] reminded =
        [
            $"reminder:loan-before:{loanId}-1:{demo.Samuel.Id}:2026-02-07", $"reminder:loan-before:{loanId}-2:{demo.Samuel.Id}:2026-03-07", $"reminder:loan-before:{loanId}-3:{demo.Samuel.Id}:2026-04-07",
            $"reminder:loan-overdue:{loanId}-1:{demo.Samuel.Id}:2026-02-11", $"reminder:loan-overdue:{loanId}-2:{demo.Samuel.Id}:2026-03-11", $"reminder:loan-overdue:{loanId}-3:{demo.Samuel.Id}:2026-04-11",
        ];
        Assert.Equal(reminded.Order(), messages.Keys.Where(k => k.StartsWith("reminder:loan-", StringComparison.Ordinal)).Order());
        Assert.StartsWith($"Samuel Kimani, instalment 1 of your Umoja Investment Club loan L{loanId} is due on 10 Feb 2026: KES 5,266.", messages[reminded[0]]);

        // The default: the borrower, both guarantors (Diana in Swahili) and the officers Grace and Patrick, once each.
        Assert.Equal(
            new[] { demo.Grace.Id, demo.Patrick.Id, demo.Diana.Id, demo.Samuel.Id, (await WanjiruAsync(demo)).Id }.Select(id => $"loan-default:{loanId}:{id}").Order(),
            messages.Keys.Where(k => k.StartsWith("loan-default:", StringComparison.Ordinal)).Order());
        Assert.Contains($"an officer replies RECOVER L{loanId}", messages[$"loan-default:{loanId}:{demo.Grace.Id}"]);
        Assert.StartsWith("Kanuni 12: baada ya awamu 3 kukosa kulipwa mkopo umeshindwa.", messages[$"loan-default:{loanId}:{demo.Diana.Id}"]);
        Assert.Contains("you owe KES 33,402", messages[$"loan-default:{loanId}:{demo.Samuel.Id}"]);
    }

    [Fact]
    public async Task A_defaulted_loan_is_recovered_from_the_pledges_by_the_officers_quorum_in_the_chat_exactly_once()
    {
        var (demo, loanId, wanjiru) = await LendingDemoAsync();
        Assert.Contains("is not in default", await channels.WhatsAppAsync(Phones.Grace, $"RECOVER L{loanId}"));
        await DefaultAsync();

        Assert.StartsWith("Only the chama's officers can propose recovering a loan.", await channels.WhatsAppAsync(Phones.Samuel, $"RECOVER L{loanId}"));
        Assert.StartsWith("Write RECOVER and the loan", await channels.WhatsAppAsync(Phones.Grace, "RECOVER five"));
        Assert.StartsWith($"Recovery K{loanId} of Samuel Kimani's loan L{loanId} (KES 33,402 owed) from the guarantors' pledges (KES 15,000) is proposed: 1 of 2 approvals.", await channels.WhatsAppAsync(Phones.Grace, $"RECOVER L{loanId}"));
        Assert.Contains($"Reply APPROVE K{loanId} or REJECT K{loanId} <reason>.", (await MessagesAsync())[$"recovery-proposed:{loanId}:1:{demo.Patrick.Id}"]);

        // Diana guarantees the loan: she cannot vote, in Swahili. Patrick's approval carries it.
        Assert.StartsWith($"Huwezi kuamua kuhusu K{loanId}: wewe ndiye mkopaji au mdhamini wa mkopo huo.", await channels.WhatsAppAsync(Phones.Diana, $"IDHINISHA K{loanId}"));
        Assert.StartsWith($"Your approval of K{loanId} is recorded and it has its quorum: the guarantors' pledged savings are moved onto the loan", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE K{loanId}"));
        Assert.Contains("is not waiting for a decision", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE K{loanId}"));
        Assert.Contains("is repaid or recovered already", await channels.WhatsAppAsync(Phones.Grace, $"RECOVER L{loanId}"));

        Assert.Equal(2, await DatabaseProbe.CountAsync(host, "loan_recoveries", $"loan_id = {loanId} AND source = 'Pledge'"));
        Assert.Equal(1_500_000L, await DatabaseProbe.ScalarAsync<long>(host, "SELECT SUM(penalty_minor + interest_minor + principal_minor) FROM loan_recoveries;"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_events", $"loan_id = {loanId} AND status = 'Recovered'"));
        var messages = await MessagesAsync();
        Assert.StartsWith(
            $"Rule 13: the officers' quorum approved recovering Samuel Kimani's defaulted Umoja Investment Club loan L{loanId} from the guarantors' pledged savings. Wanjiru Kamau, KES 7,500 of your savings (your pledge was KES 7,500) is moved onto the loan. KES 18,402 is still unpaid on it",
            messages[$"loan-recovered:{loanId}:{wanjiru.Id}"]);
        Assert.Equal(5, messages.Keys.Count(k => k.StartsWith($"loan-recovered:{loanId}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_proposed_recovery_waits_on_the_approvals_list_in_the_chat_and_is_decided_on_the_dashboard()
    {
        var (demo, loanId, _) = await LendingDemoAsync();
        await DefaultAsync();
        await channels.WhatsAppAsync(Phones.Grace, $"RECOVER L{loanId}");

        var list = await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS");
        Assert.Contains($"1. K{loanId} recover: L{loanId} KES 33,402 Samuel Kimani (1/2)", list);
        Assert.StartsWith(
            $"K{loanId}: Grace Wanjiku proposes recovering Samuel Kimani's defaulted loan L{loanId} (KES 33,402 owed) from the guarantors' pledged savings (KES 15,000). Approvals 1/2, never the borrower's or a guarantor's.",
            await channels.WhatsAppAsync(Phones.Patrick, "1"));

        var browser = new DashboardClient(host);
        await browser.SignInAsync(Phones.Patrick);
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        Assert.Contains($"K{loanId}: recover Samuel Kimani's loan L{loanId} from the guarantors' pledges", (await browser.GetAsync(approvals)).Text);
        var decided = await browser.PostAsync($"{approvals}/K{loanId}", new Dictionary<string, string> { ["decision"] = "approve" });

        Assert.Contains($"Your approval of K{loanId} is recorded and it has its quorum", decided.Text);
        Assert.Equal(2, await DatabaseProbe.CountAsync(host, "loan_recoveries", $"loan_id = {loanId}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "decision_votes", $"subject_kind = 'Recovery' AND subject_id = {loanId} AND channel = 'dashboard'"));
    }

    [Fact]
    public async Task The_loans_page_shows_each_loan_and_the_fund_lent_out_and_the_loans_report_lists_every_movement()
    {
        var (demo, loanId, _) = await LendingDemoAsync();
        await DefaultAsync();
        var browser = new DashboardClient(host);
        await browser.SignInAsync(Phones.Patrick);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "loans"));
        Assert.Contains($"<tr><td>L{loanId}</td><td>Samuel Kimani (seat 4)</td><td class=\"n\">KES 30,000</td><td class=\"n\">KES 33,402</td><td class=\"n\">KES 18,068</td><td class=\"n\">3</td>", page.Html);
        Assert.Contains("in default", page.Text);
        Assert.Contains("Lent out now: KES 30,000, against a limit of KES 16,000 (80% of the pooled fund of KES 20,000: savings KES 20,000 and earnings KES 0).", page.Text);
        Assert.Contains($"an officer replies RECOVER L{loanId} in the chat, and the officers' quorum decides it as K{loanId}.", page.Text);

        // Samuel repays 5,000 (the penalties, the interest, then 1,598 of principal); the rest is recovered from the pledges.
        host.Clock.Advance(TimeSpan.FromHours(1));
        await using (var connection = host.Storage.Connect())
        {
            await PaidOutLoans.RepayAsync(connection, demo.Chama.Id, loanId, demo.Samuel.Id, new(Money.Kes(1_602), Money.Kes(1_800), Money.Kes(1_598)), "QKJ4HT8RP1", host.Clock.GetUtcNow());
        }

        host.Clock.Advance(TimeSpan.FromHours(1));
        await channels.WhatsAppAsync(Phones.Grace, $"RECOVER L{loanId}");
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE K{loanId}");

        // Signed in again: two hours idle ended the first session.
        await browser.SignInAsync(Phones.Patrick);
        var response = await browser.Http.GetAsync(ReportPages.DownloadHref(demo.Chama.Id, CsvReport.Loans));
        var report = WrittenReport.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(
            ["Paid out", "Interest charged", "Interest charged", "Interest charged", "Interest charged", "Penalty charged", "Penalty charged", "Penalty charged", "Repayment", "Recovery", "Recovery"],
            report.Rows.Select(r => r["Entry"]));
        Assert.All(report.Rows, r => Assert.Equal($"L{loanId}", r["Loan"]));
        Assert.Equal(3_000_000L, WrittenReport.Minor(report.Rows[0]["Amount"]));
        var repayment = report.Rows[8];
        Assert.Equal(
            (500_000L, 160_200L, 180_000L, 159_800L, 2_840_200L, "QKJ4HT8RP1"),
            (WrittenReport.Minor(repayment["Amount"]), WrittenReport.Minor(repayment["To penalty"]), WrittenReport.Minor(repayment["To interest"]), WrittenReport.Minor(repayment["To principal"]), WrittenReport.Minor(repayment["Principal owed after"]), repayment["Receipt or reference"]));
        Assert.Equal(["Diana Mwangi", "Wanjiru Kamau"], report.Rows.Skip(9).Select(r => r["Member"]));
        Assert.Equal([2_090_200L, 1_340_200L], report.Rows.Skip(9).Select(r => WrittenReport.Minor(r["Principal owed after"])));
        Assert.All(report.Rows.Skip(9), r => Assert.Equal("Pledge savings", r["Receipt or reference"]));
    }

    [Fact]
    public async Task The_loans_page_is_only_for_a_signed_in_officer()
    {
        var (demo, _, _) = await LendingDemoAsync();
        var browser = new DashboardClient(host);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "loans"));

        Assert.NotEqual(DashboardLayout.Href(demo.Chama.Id, "loans"), page.Path);
        Assert.DoesNotContain("Samuel Kimani", page.Html);
    }

    /// <summary>The demo under lending rules, Wanjiru on seat 5, and Samuel's loan paid out on 10 January.</summary>
    private async Task<(Demo Demo, long LoanId, Member Wanjiru)> LendingDemoAsync()
    {
        var demo = await Demo.LoadAsync(host);
        await using var connection = host.Storage.Connect();
        await connection.ExecuteAsync(
            """
            INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                       approvals_required, members_see_pending, grace_days, fines_fund, fine_mode, fine_cap_minor, created_at,
                                       loan_multiple, interest_method, interest_rate_bp, guarantors, guarantee_percent, loan_penalty_percent, default_after_missed)
            SELECT chama_id, version + 1, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                   approvals_required, members_see_pending, 3, fines_fund, fine_mode, fine_cap_minor, created_at,
                   3, 'Reducing', 150, 2, 50, 10, 3
            FROM constitutions WHERE chama_id = @Id AND version = (SELECT MAX(version) FROM constitutions WHERE chama_id = @Id);
            """,
            new { demo.Chama.Id });
        host.Get<ChamaStore>().Forget(demo.Chama.Id);
        var wanjiru = await host.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Wanjiru Kamau", "0744000005", 5), Actor.System("test"));
        var loanId = await PaidOutLoans.SeedAsync(
            connection, demo.Chama.Id, demo.Samuel.Id, Money.Kes(30_000), InterestMethod.Reducing, 150, 6, host.Clock.GetUtcNow(),
            [(demo.Diana.Id, Money.Kes(7_500)), (wanjiru.Id, Money.Kes(7_500))]);
        await PaidOutLoans.SaveAsync(connection, demo.Chama.Id, demo.Diana.Id, Money.Kes(10_000), "QKJ4HT8SV1", host.Clock.GetUtcNow());
        await PaidOutLoans.SaveAsync(connection, demo.Chama.Id, wanjiru.Id, Money.Kes(10_000), "QKJ4HT8SV2", host.Clock.GetUtcNow());
        return (await Demo.LoadAsync(host), loanId, wanjiru);
    }

    /// <summary>The scheduler's pass on 14 April, when three instalments are missed: everything is charged at once and the loan defaults.</summary>
    private async Task DefaultAsync()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 14, 9, 0, 0, NairobiTime.Offset));
        await host.Get<LoanScheduler>().RunOnceAsync(default);
    }

    private async Task<Member> WanjiruAsync(Demo demo) => (await host.Get<ChamaStore>().GetMembersAsync(demo.Chama.Id)).Single(m => m.Seat == 5);

    private async Task<IReadOnlyList<(long Instalment, string Kind, long Amount)>> ChargesAsync(long loanId)
    {
        await using var connection = host.Storage.Connect();
        return (await connection.QueryAsync<(long, string, long)>("SELECT instalment, kind, amount_minor FROM loan_charges WHERE loan_id = @loanId;", new { loanId })).ToList();
    }

    private async Task<IReadOnlyDictionary<string, string>> MessagesAsync()
    {
        await using var connection = host.Storage.Connect();
        return (await connection.QueryAsync<(string Key, string Body)>("SELECT idempotency_key, body FROM outbound_messages;")).ToDictionary(m => m.Key, m => m.Body);
    }
}

public sealed class SqliteLoanLifeTests() : LoanLifeTests(Engine.Sqlite);

public sealed class PostgresLoanLifeTests() : LoanLifeTests(Engine.Postgres);
