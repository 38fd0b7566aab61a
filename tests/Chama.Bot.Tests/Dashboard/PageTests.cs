using System.Net;
using Chama.Bot.Dashboard;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Mpesa;
using Chama.Data.Welfare;
using Chama.Bot.Tests.Notifications;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

public abstract class PageTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Every_page_of_the_chama_opens_for_its_officer()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Grace);

        foreach (var (path, title) in DashboardLayout.Pages)
        {
            var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, path));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains($"<h1>{title}</h1>", page.Html, StringComparison.Ordinal);
            Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", page.Response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task A_page_without_a_session_sends_the_visitor_to_sign_in()
    {
        var demo = await Demo.LoadAsync(factory);

        var page = await new DashboardClient(factory).GetAsync(DashboardLayout.Href(demo.Chama.Id, "members"));

        Assert.Equal("/dashboard/sign-in", page.Path);
        Assert.DoesNotContain("Grace Wanjiku", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_sees_no_page_of_a_chama_where_they_are_not_an_officer()
    {
        var demo = await Demo.LoadAsync(factory);
        var jirani = await factory.Get<ChamaStore>().CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)), Actor.System("test"));
        await factory.Get<ChamaStore>().AddMemberAsync(jirani.Id, new NewMember("Esther Njeri", "0700000005", 1, MemberRoles.Treasurer), Actor.System("test"));
        await factory.Get<ChamaStore>().AddMemberAsync(jirani.Id, new NewMember("Patrick Ochieng", Phones.Patrick, 2), Actor.System("test"));
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        var page = await browser.GetAsync(DashboardLayout.Href(jirani.Id, "members"));
        var unknown = await browser.GetAsync(DashboardLayout.Href(jirani.Id + 100, ""));
        await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "members"));
        var post = await browser.PostAsync(DashboardLayout.Href(jirani.Id, "members"), new Dictionary<string, string> { ["name"] = "Intruder", ["phone"] = "0700000009", ["seat"] = "3", ["language"] = "En" });

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (page.Status, unknown.Status, post.Status));
        Assert.DoesNotContain("Esther", page.Html, StringComparison.Ordinal);
        Assert.Equal(Strip(page.Html), Strip(unknown.Html));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
    }

    [Fact]
    public async Task The_current_round_shows_the_money_every_members_status_and_the_defaulters()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Diana, 10_000, "QKJ4HT8M01");
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8M02");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, ""))).Text;

        Assert.Contains("<dt>Collected</dt><dd>KES 14,000</dd><dt>Expected</dt><dd>KES 40,000</dd><dt>Remaining</dt><dd>KES 26,000</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Diana Mwangi</td><td class=\"n\">KES 10,000</td><td class=\"n\">KES 10,000</td><td class=\"n\">KES 0</td><td class=\"status-Paid\">Paid</td>", page, StringComparison.Ordinal);
        Assert.Contains("<li>Samuel Kimani (seat 4) owes KES 6,000</li>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<li>Diana Mwangi", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cycle_lists_every_round_with_recipient_date_and_collection()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "cycle"))).Text;

        Assert.Contains("<td class=\"n\">1</td><td>Grace Wanjiku</td><td>31 Jan 2026</td><td class=\"n\">KES 40,000</td><td class=\"n\">KES 40,000</td><td>not yet</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">4</td><td>Samuel Kimani</td><td>30 Apr 2026</td><td class=\"n\">KES 0</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_named_like_a_script_is_shown_as_text()
    {
        var demo = await Demo.LoadAsync(factory);
        await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("<script>alert(1)</script>", "0700000005", 5), Actor.System("test"));
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "members"));

        Assert.DoesNotContain("<script>", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_held_payment_is_allocated_on_the_page_as_by_reply()
    {
        var demo = await Demo.LoadAsync(factory);
        var settled = await factory.Get<PaybillPayments>().ConfirmAsync(
            new PaybillPayment("UAB1CD2EF3", Money.Kes(10_000), "UMOJA-9", "2547****99"), "{}", factory.Get<MoneyNotices>().ForPayment);
        var held = settled.SuspenseId!.Value;
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        Assert.Contains("Account typed</dt><dd>UMOJA-9</dd>", (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "suspense"))).Text, StringComparison.Ordinal);

        var wrongSeat = await browser.PostAsync(DashboardLayout.Href(demo.Chama.Id, $"suspense/{held}"), new Dictionary<string, string> { ["seat"] = "9" });
        var allocated = await browser.PostAsync(DashboardLayout.Href(demo.Chama.Id, $"suspense/{held}"), new Dictionary<string, string> { ["seat"] = "4" });

        Assert.Equal(HttpStatusCode.Conflict, wrongSeat.Status);
        Assert.Contains("No active member sits on seat 9.", wrongSeat.Text, StringComparison.Ordinal);
        Assert.Contains("The payment is allocated", allocated.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", $"receipt = 'UAB1CD2EF3' AND member_id = {demo.Samuel.Id}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'suspense.allocated' AND channel = 'dashboard' AND actor_member_id = {demo.Patrick.Id}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key = 'receipt:UAB1CD2EF3'"));
    }

    [Fact]
    public async Task The_audit_trail_names_who_did_what_and_through_which_channel()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "members"));
        await browser.PostAsync(DashboardLayout.Href(demo.Chama.Id, "members"), new Dictionary<string, string> { ["name"] = "Esther Njeri", ["phone"] = "0700 000 005", ["seat"] = "5", ["language"] = "Sw" });

        var page = (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "audit"))).Text;

        Assert.Contains("<td>Patrick Ochieng</td><td>dashboard</td><td>member.added</td><td>member:5 seat:5</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>system</td><td>demo-seed</td><td>cycle.started</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_welfare_page_shows_the_balance_the_requests_and_the_payouts()
    {
        var demo = await Demo.LoadAsync(factory);
        var welfare = factory.Get<WelfareLedger>();
        await welfare.RecordContributionAsync(demo.Diana.Id, Money.Kes(3_000), "QKJ4HT8W01", Actor.System("test"));
        var paid = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Hospital, Money.Kes(1_000), "Admitted at <Kenyatta>", Actor.System("test"));
        await welfare.PayAsync(demo.Chama.Id, paid.Id, Money.Kes(1_000), "UAB1CD2EF4", Actor.System("test"));
        await welfare.RequestAsync(demo.Diana.Id, WelfareKind.Funeral, Money.Kes(1_500), "Father's funeral", Actor.System("test"));
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "welfare"));

        Assert.Contains("<dt>Balance</dt><dd>KES 2,000</dd>", page.Text, StringComparison.Ordinal);
        Assert.Contains("<td>Diana Mwangi</td><td>funeral</td><td class=\"n\">KES 1,500</td><td>Father's funeral</td><td>waiting for officers (0 of 2)</td>", page.Text, StringComparison.Ordinal);
        Assert.Contains("<td>Samuel Kimani</td><td>hospital</td><td class=\"n\">KES 1,000</td>", page.Text, StringComparison.Ordinal);
        Assert.Contains("Admitted at &lt;Kenyatta&gt;</td><td>paid</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<td>W{paid.Id}</td><td class=\"n\">KES 1,000</td><td>UAB1CD2EF4</td>", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_the_outbox_gave_up_on_are_listed_with_twilios_error()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var host = new NotifyHost(twilio);
        var demo = await Demo.LoadAsync(host);
        twilio.Fail(400, 21211, "The 'To' number is not a valid phone number.");
        await host.QueueAsync(demo.Samuel, "receipt:QKJ4HT8M06", "Received KES 10,000.");
        await host.SendAsync();
        var browser = new DashboardClient(host);
        await browser.RequestCodeAsync(Phones.Patrick);
        await host.SendAsync();
        var code = DashboardClient.Code().Match(twilio.Created.Last(r => r.Field("To") == $"whatsapp:{Phones.Patrick}").Field("Body")!).Value;
        await browser.EnterCodeAsync(Phones.Patrick, code);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "messages"));

        Assert.Contains("<td>Samuel Kimani (+2547******04)</td><td>receipt</td><td class=\"n\">1</td><td>21211 ", page.Text, StringComparison.Ordinal);
    }

    /// <summary>The page without its per-request antiforgery token.</summary>
    private static string Strip(string html) => System.Text.RegularExpressions.Regex.Replace(html, "value=\"[^\"]*\"", "value=\"\"");
}

public sealed class SqlitePageTests() : PageTests(Engine.Sqlite);

public sealed class PostgresPageTests() : PageTests(Engine.Postgres);
