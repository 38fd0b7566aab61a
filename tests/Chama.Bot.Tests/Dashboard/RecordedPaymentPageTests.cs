using System.Net;
using System.Text.RegularExpressions;
using Chama.Bot.Dashboard;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>
/// Payments recorded on the dashboard: the meeting sheet commits every row together or none, an uploaded file is
/// previewed before anything is written and then committed, and a disputed entry is corrected under the quorum.
/// </summary>
public abstract partial class RecordedPaymentPageTests : IDisposable
{
    private const string Treasurer = "+254790000001";
    private readonly BotFactory factory;

    protected RecordedPaymentPageTests(Engine engine) => factory = new BotFactory(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_meeting_sheet_of_20_members_with_one_invalid_row_writes_nothing_and_names_the_row()
    {
        await Demo.LoadAsync(factory);
        var (chama, members, rounds) = await TwentyMembersAsync();
        await factory.Get<ContributionLedger>().RecordAsync(new ContributionRequest(rounds[0].Id, members[12].Id, Money.Kes(1_000), "QKJ4HT8M13"), Actor.System("mpesa-paybill"));
        var officer = new DashboardClient(factory);
        await officer.SignInAsync(Treasurer);
        var sheet = DashboardLayout.Href(chama.Id, MeetingSheetPages.Path);
        var page = await officer.GetAsync(sheet);
        var form = Cash().Matches(page.Html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(20, form.Count);
        foreach (var member in members)
        {
            form[$"amount-{member.Seat}"] = "2,000";
        }

        // Seat 7 pays by M-Pesa under a receipt the paybill already brought for seat 13.
        form["reference-7"] = "QKJ4HT8M13";
        var refused = await officer.PostAsync(sheet, form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Row 7 (seat 7, Member Seven): Reference QKJ4HT8M13 is already used by another payment", refused.Text);
        Assert.Contains("value=\"QKJ4HT8M13\"", refused.Html);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "recorded_payments", $"chama_id = {chama.Id}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", $"chama_id = {chama.Id}"));

        form["reference-7"] = "";
        var recorded = await officer.PostAsync(sheet, form);

        Assert.Equal(HttpStatusCode.OK, recorded.Status);
        Assert.Contains("20 payments recorded together; each member is told with their reference.", recorded.Text);
        Assert.Equal(20, await DatabaseProbe.CountAsync(factory, "recorded_payments", $"chama_id = {chama.Id} AND method = 'Cash' AND channel = 'dashboard'"));
        var again = await officer.PostAsync(sheet, form);
        Assert.Contains("20 payments recorded together", again.Text);
        Assert.Equal(20, await DatabaseProbe.CountAsync(factory, "recorded_payments", $"chama_id = {chama.Id}"));
    }

    [Fact]
    public async Task One_payment_in_dollars_is_recorded_from_the_form_with_both_amounts_shown_and_sent_twice_is_recorded_once()
    {
        var demo = await Demo.LoadAsync(factory);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var payments = DashboardLayout.Href(demo.Chama.Id, PaymentPages.Path);
        var page = await grace.GetAsync(payments);
        var form = new Dictionary<string, string>
        {
            ["seat"] = "4",
            ["amount"] = "100",
            ["fund"] = "pot",
            ["method"] = "cash",
            ["reference"] = "",
            ["currency"] = "usd",
            ["rate"] = "129.50",
            ["note"] = "from Dallas",
            ["cash"] = Regex.Match(page.Html, "name=\"cash\" value=\"([^\"]+)\"").Groups[1].Value,
        };

        var recorded = await grace.PostAsync(payments, form);
        var again = await grace.PostAsync(payments, form);

        Assert.Contains($"Recorded: KES 12,950 from Samuel Kimani (seat 4), paid USD 100.00 at 129.50, for round 1, reference {form["cash"]}.", recorded.Text);
        Assert.Contains("Already recorded: KES 12,950 from Samuel Kimani (seat 4)", again.Text);
        Assert.Contains("<td>USD 100.00 at 129.50</td>", recorded.Html);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "recorded_payments", "channel = 'dashboard' AND paid_currency = 'USD'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'payment.recorded' AND channel = 'dashboard' AND actor_member_id = {demo.Grace.Id}"));
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_records_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);

        var refused = await grace.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, MeetingSheetPages.Path), new Dictionary<string, string> { ["amount-4"] = "5000" }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "recorded_payments", "1 = 1"));
    }

    [Fact]
    public async Task An_uploaded_file_is_previewed_row_by_row_and_written_only_when_confirmed()
    {
        var demo = await Demo.LoadAsync(factory);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var upload = DashboardLayout.Href(demo.Chama.Id, PaymentUploadPages.Path);
        await grace.GetAsync(upload);
        const string File = "Seat,Amount,Reference,Fund,Note,Currency,Rate\n4,5000,CASH,,at the meeting,,\n3,500,BANK FT2334,WELFARE,,,\n2,100,QKJ4HT8UP2,,sent from London,GBP,164.25\n";

        var preview = await grace.PostFileAsync(upload, "file", "meeting.csv", File);

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("New: round 1", preview.Text);
        Assert.Contains("New: into the welfare fund", preview.Text);
        Assert.Contains("KES 16,425", preview.Text);
        Assert.Contains("GBP 100.00 at 164.25", preview.Text);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "recorded_payments", "1 = 1"));

        var rows = Rows().Match(preview.Html).Groups[1].Value;
        var confirmed = await grace.PostAsync($"{upload}/confirm", new Dictionary<string, string> { ["rows"] = WebUtility.HtmlDecode(rows) });

        Assert.Contains("3 payments from the file recorded together", confirmed.Text);
        Assert.Equal(3, await DatabaseProbe.CountAsync(factory, "recorded_payments", "channel = 'dashboard'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "recorded_payments", "paid_currency = 'GBP' AND rate = '164.25' AND paid_minor = 10000"));
        // GBP 100.00 at 164.25 is KES 16,425: round 1's KES 10,000, and KES 6,425 carried to Patrick's round 2 as credit.
        var summaries = await factory.Get<ContributionLedger>().GetCycleSummariesAsync(demo.Rounds[0].CycleId);
        Assert.Equal(Money.Kes(15_000), summaries[0].Collected);
        Assert.Equal(Money.Kes(6_425), summaries[1].Members.Single(m => m.Member.Id == demo.Patrick.Id).Paid);
    }

    [Fact]
    public async Task A_file_with_a_refused_row_shows_why_and_offers_nothing_to_confirm()
    {
        var demo = await Demo.LoadAsync(factory);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var upload = DashboardLayout.Href(demo.Chama.Id, PaymentUploadPages.Path);
        await grace.GetAsync(upload);

        var preview = await grace.PostFileAsync(upload, "file", "meeting.csv", "seat,amount,reference\n4,5000,CASH\n9,5000,CASH\n");

        Assert.Equal(HttpStatusCode.BadRequest, preview.Status);
        Assert.Contains("Refused: No active member sits on seat 9.", preview.Text);
        Assert.DoesNotContain("name=\"rows\"", preview.Html);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "recorded_payments", "1 = 1"));
    }

    [Fact]
    public async Task A_disputed_entry_shows_as_disputed_and_its_correction_is_proposed_and_carried_on_the_dashboard()
    {
        var demo = await Demo.LoadAsync(factory);
        var channels = new Channels(factory.CreateClient());
        var reference = Regex.Match(await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 5000 CASH"), @"CASH-\d{6}-[A-Z0-9]{6}").Value;
        await channels.WhatsAppAsync(Phones.Samuel, $"DISPUTE {reference}");
        var patrick = new DashboardClient(factory);
        await patrick.SignInAsync(Phones.Patrick);
        var payments = await patrick.GetAsync(DashboardLayout.Href(demo.Chama.Id, PaymentPages.Path));
        Assert.Contains("<td>disputed</td>", payments.Html);
        var csv = await patrick.Http.GetStringAsync(DashboardLayout.Href(demo.Chama.Id, "export/contributions.csv"));
        Assert.Contains($"{reference},\"cash, recorded (whatsapp)\",,,Grace Wanjiku,disputed", csv);

        var proposed = await patrick.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, $"{PaymentPages.Path}/correct"), new Dictionary<string, string> { ["reference"] = reference, ["reason"] = "no cash was handed over" });
        Assert.Contains($"You proposed reversing {reference} (KES 5,000 from Samuel Kimani) as C1.", proposed.Text);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        await grace.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"));
        var own = await grace.PostAsync(DashboardLayout.Href(demo.Chama.Id, "approvals/C1"), new Dictionary<string, string> { ["decision"] = "approve" });
        Assert.Contains("You cannot decide on C1: you recorded that payment, or it is yours.", own.Text);
        await channels.WhatsAppAsync(Phones.Diana, "APPROVE C1");

        var after = await patrick.GetAsync(DashboardLayout.Href(demo.Chama.Id, PaymentPages.Path));
        Assert.Contains("<td>reversed</td>", after.Html);
        Assert.Equal(Money.Kes(0), (await factory.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
        Assert.Contains($"{reference},\"cash, recorded (whatsapp)\",,,Grace Wanjiku,reversed", await patrick.Http.GetStringAsync(DashboardLayout.Href(demo.Chama.Id, "export/contributions.csv")));
    }

    /// <summary>A second chama of 20 members (seat 1 its treasurer, seat 2 its chair) in its first cycle.</summary>
    private async Task<(ChamaGroup Chama, IReadOnlyList<Member> Members, IReadOnlyList<Round> Rounds)> TwentyMembersAsync()
    {
        var chamas = factory.Get<ChamaStore>();
        var actor = Actor.System("test");
        var chama = await chamas.CreateChamaAsync("Harambee Twenty", "TWENTY", Constitution.Monthly(Money.Kes(2_000)), actor);
        string[] words = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen", "Twenty"];
        for (var seat = 1; seat <= 20; seat++)
        {
            var roles = seat switch { 1 => MemberRoles.Treasurer, 2 => MemberRoles.Chair, _ => MemberRoles.Member };
            await chamas.AddMemberAsync(chama.Id, new NewMember($"Member {words[seat - 1]}", $"07900000{seat:00}", seat, roles), actor);
        }

        await factory.Get<CycleStore>().StartCycleAsync(chama.Id, new DateOnly(2026, 1, 31), actor);
        var cycle = (await factory.Get<CycleStore>().FindActiveCycleAsync(chama.Id))!;
        return (chama, await chamas.GetMembersAsync(chama.Id), await factory.Get<CycleStore>().GetRoundsAsync(cycle.Id));
    }

    [GeneratedRegex("name=\"(cash-\\d+)\" value=\"([^\"]+)\"")]
    private static partial Regex Cash();

    [GeneratedRegex("name=\"rows\" value=\"([^\"]+)\"")]
    private static partial Regex Rows();
}

public sealed class SqliteRecordedPaymentPageTests() : RecordedPaymentPageTests(Engine.Sqlite);

public sealed class PostgresRecordedPaymentPageTests() : RecordedPaymentPageTests(Engine.Postgres);
