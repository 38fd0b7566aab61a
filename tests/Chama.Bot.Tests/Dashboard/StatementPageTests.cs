using System.Net;
using Chama.Bot.Dashboard;
using Chama.Bot.Reports;
using Chama.Bot.Tests.Reports;
using Chama.Core;
using Chama.Data.Welfare;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>A member's statement on the dashboard: linked from the members page, as CSV, and as a printable page.</summary>
public abstract class StatementPageTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);
    private Demo demo = null!;
    private DashboardClient browser = null!;

    public void Dispose() => factory.Dispose();

    /// <summary>Samuel pays 15,000 in cash into round 1 (5,000 carries on to round 2) and 300 into the welfare fund; Diana pays her round.</summary>
    private async Task StartAsync()
    {
        demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Samuel, 15_000, "CASH-2026-001");
        await factory.Get<WelfareLedger>().RecordContributionAsync(demo.Samuel.Id, Money.Kes(300), "QKW0000001", Actor.System("test"));
        await demo.PayAsync(factory, demo.Diana, 10_000, "QKJ4HT8M01");
        browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
    }

    [Fact]
    public async Task The_members_page_links_each_members_statement_page_with_every_movement_and_the_balance()
    {
        await StartAsync();
        var href = StatementPages.Href(demo.Chama.Id, demo.Samuel.Id);

        Assert.Contains($"href=\"{href}\"", (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "members"))).Html);
        var page = await browser.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h2>Statement of Samuel Kimani (seat 4), cycle 1</h2>", page.Text);
        Assert.Contains("<td>Paid into the pot</td><td class=\"n\">1</td><td class=\"n\">KES 15,000</td><td class=\"n\">KES 15,000</td><td>CASH-2026-001</td><td>Recorded by an officer</td>", page.Text);
        Assert.Contains("<td>Credit applied</td><td class=\"n\">2</td><td class=\"n\">KES 5,000</td><td class=\"n\">KES 15,000</td>", page.Text);
        Assert.Contains("<td>Round due</td><td class=\"n\">1</td><td class=\"n\">-KES 10,000</td><td class=\"n\">KES 5,000</td>", page.Text);
        Assert.Contains("<dt>Balance now</dt><dd>KES 5,000</dd>", page.Text);
        Assert.Contains("<dt>Paid into the welfare fund</dt><dd>KES 300</dd>", page.Text);
        Assert.DoesNotContain("QKJ4HT8M01", page.Text);
        Assert.Contains(StatementPages.Href(demo.Chama.Id, demo.Samuel.Id, ".csv"), page.Html);
        Assert.Contains(StatementPages.Href(demo.Chama.Id, demo.Samuel.Id, "/print"), page.Html);
    }

    [Fact]
    public async Task The_statement_CSV_is_every_line_with_its_balance_and_its_totals_equal_the_chamas_reports()
    {
        await StartAsync();

        var response = await browser.Http.GetAsync(StatementPages.Href(demo.Chama.Id, demo.Samuel.Id, ".csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var statement = WrittenReport.Read(bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CsvFileNames.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal("umoja-statement-seat-4-2026-01-10.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(
            ["Date", "Time (EAT)", "Seat", "Member", "Movement", "Round", "Amount", "In", "Out", "Balance owed", "Balance paid ahead", "Currency", "Receipt or reference", "How"],
            statement.Header);
        Assert.Equal(
            ["Paid into the pot", "Credit carried out", "Credit applied", "Welfare contribution", "Round due"],
            statement.Rows.Select(r => r["Movement"]));
        Assert.Equal(
            [("15000.00", "", "0.00", "15000.00"), ("", "", "0.00", "15000.00"), ("", "", "0.00", "15000.00"), ("", "", "0.00", "15000.00"), ("", "10000.00", "0.00", "5000.00")],
            statement.Rows.Select(r => (r["In"], r["Out"], r["Balance owed"], r["Balance paid ahead"])));
        Assert.Equal(statement.SumMinor("In") - statement.SumMinor("Out"), WrittenReport.Minor(statement.Rows[^1]["Balance paid ahead"]));

        // What the statement says was paid is what the chama's reports hold for Samuel.
        var contributions = await ReportAsync(CsvReport.Contributions);
        var welfare = await ReportAsync(CsvReport.Welfare);
        Assert.Equal(
            contributions.Rows.Where(r => r["Member"] == "Samuel Kimani").Sum(r => WrittenReport.Minor(r["Amount"])),
            statement.Rows.Where(r => r["Movement"] == "Paid into the pot").Sum(r => WrittenReport.Minor(r["Amount"])));
        Assert.Equal(
            welfare.Rows.Where(r => r["Member"] == "Samuel Kimani").Sum(r => WrittenReport.Minor(r["In"])),
            statement.Rows.Where(r => r["Movement"] == "Welfare contribution").Sum(r => WrittenReport.Minor(r["Amount"])));
    }

    [Fact]
    public async Task The_printable_statement_has_no_navigation_and_a_print_stylesheet()
    {
        await StartAsync();

        var page = await browser.GetAsync(StatementPages.Href(demo.Chama.Id, demo.Samuel.Id, "/print"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("<nav", page.Html);
        Assert.DoesNotContain("<form", page.Html);
        Assert.Contains("@media print{", page.Html);
        Assert.Contains("thead{display:table-header-group}", page.Html);
        Assert.Contains("<h2>Statement of Samuel Kimani (seat 4), cycle 1</h2>", page.Text);
        Assert.Contains("CASH-2026-001", page.Text);
        Assert.Contains("Print this page, or save it as PDF", page.Text);
    }

    [Fact]
    public async Task A_member_who_is_not_of_the_chama_has_no_statement_page()
    {
        await StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(StatementPages.Href(demo.Chama.Id, 999_999))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync(StatementPages.Href(demo.Chama.Id, 999_999, ".csv"))).StatusCode);
    }

    private async Task<WrittenReport> ReportAsync(CsvReport report) =>
        WrittenReport.Read(await (await browser.Http.GetAsync(ReportPages.DownloadHref(demo.Chama.Id, report))).Content.ReadAsByteArrayAsync());
}

public sealed class SqliteStatementPageTests() : StatementPageTests(Engine.Sqlite);

public sealed class PostgresStatementPageTests() : StatementPageTests(Engine.Postgres);
