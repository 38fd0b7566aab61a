using System.Net;
using System.Text.RegularExpressions;
using Chama.Bot.Dashboard;
using Chama.Bot.Reports;
using Chama.Bot.Tests.Notifications;
using Chama.Bot.Tests.Reports;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Welfare;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>The Reports page and its CSV downloads, through the host's real HTTP pipeline and sign-in.</summary>
public abstract partial class ExportTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData(CsvReport.Contributions)]
    [InlineData(CsvReport.RoundSummaries)]
    [InlineData(CsvReport.Welfare)]
    [InlineData(CsvReport.Disbursements)]
    [InlineData(CsvReport.Loans)]
    public async Task An_officer_downloads_each_report_from_its_link_as_a_utf8_attachment(CsvReport report)
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "reports"));
        var link = DownloadLinks().Matches(page.Html).Select(m => m.Groups[1].Value).Single(href => href.EndsWith($"/{CsvFileNames.Slug(report)}.csv", StringComparison.Ordinal));
        var response = await browser.Http.GetAsync(link);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CsvFileNames.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"umoja-{CsvFileNames.Slug(report)}-2026-01-10.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("Currency", WrittenReport.Read(bytes).Header);
        // Byte for byte the report the host writes from its ledger (whose rows CsvReportTests check).
        using var direct = new MemoryStream();
        await factory.Get<CsvReports>().WriteAsync(demo.Chama.Id, report, direct);
        Assert.Equal(direct.ToArray(), bytes);
    }

    [Fact]
    public async Task The_contributions_download_is_the_pot_ledger_row_for_row()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Diana, 10_000, "QKJ4HT8M01");
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8M02");
        await demo.PayAsync(factory, demo.Samuel, 2_500, "QKJ4HT8M03");
        await demo.PayAsync(factory, demo.Grace, 12_000, "CASH-2026-007");
        // Welfare money is not pot money: it stays out of this report.
        await factory.Get<WelfareLedger>().RecordContributionAsync(demo.Patrick.Id, Money.Kes(300), "QKW0000001", Actor.System("test"));
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var response = await browser.Http.GetAsync(ReportPages.DownloadHref(demo.Chama.Id, CsvReport.Contributions));
        var written = WrittenReport.Read(await response.Content.ReadAsByteArrayAsync());

        var pot = new { ChamaId = demo.Chama.Id };
        Assert.Equal(await DatabaseProbe.ScalarAsync<long>(factory, "SELECT COUNT(*) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Pot';", pot), written.Rows.Count);
        Assert.Equal(await DatabaseProbe.ScalarAsync<long>(factory, "SELECT SUM(amount_minor) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Pot';", pot), written.SumMinor("Amount"));
        Assert.Equal(2_850_000, written.SumMinor("Amount"));
        Assert.Equal(["QKJ4HT8M01", "QKJ4HT8M02", "QKJ4HT8M03", "CASH-2026-007"], written.Rows.Select(r => r["M-Pesa receipt"]));
        var over = written.Row("M-Pesa receipt", "CASH-2026-007");
        Assert.Equal(("Grace Wanjiku", "12000.00", "2000.00"), (over["Member"], over["Amount"], over["Carried to next round"]));
    }

    [Fact]
    public async Task The_file_is_dated_by_the_day_in_nairobi()
    {
        // 22:30 in UTC on the 10th is 01:30 on the 11th in Nairobi.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 10, 22, 30, 0, TimeSpan.Zero));
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "reports"));
        var response = await browser.Http.GetAsync(ReportPages.DownloadHref(demo.Chama.Id, CsvReport.Welfare));

        Assert.Equal("umoja-welfare-2026-01-11.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("(umoja-welfare-2026-01-11.csv)", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_of_another_chama_gets_no_report_of_this_one()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var jirani = await factory.Get<ChamaStore>().CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)), Actor.System("test"));
        await factory.Get<ChamaStore>().AddMemberAsync(jirani.Id, new NewMember("Esther Njeri", "0700000005", 1, MemberRoles.Treasurer), Actor.System("test"));
        var esther = new DashboardClient(factory);
        await esther.SignInAsync("0700000005");

        var response = await esther.Http.GetAsync(ReportPages.DownloadHref(demo.Chama.Id, CsvReport.Contributions));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.DoesNotContain("QKJ4HT8M01", body, StringComparison.Ordinal);
        Assert.Contains("There is no such page among your chamas.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_without_a_session_is_sent_to_sign_in_instead_of_a_report()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var visitor = new DashboardClient(factory, followRedirects: false);

        var response = await visitor.Http.GetAsync(ReportPages.DownloadHref(demo.Chama.Id, CsvReport.Contributions));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/sign-in", response.Headers.Location?.OriginalString);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.DoesNotContain("QKJ4HT8M01", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("budget.csv")]
    [InlineData("contributions.xlsx")]
    [InlineData("contributions")]
    public async Task An_unknown_report_is_not_found(string file)
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var response = await browser.Http.GetAsync(DashboardLayout.Href(demo.Chama.Id, $"export/{file}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [GeneratedRegex("<a href=\"([^\"]+\\.csv)\" download>")]
    private static partial Regex DownloadLinks();
}

public sealed class SqliteExportTests() : ExportTests(Engine.Sqlite);

public sealed class PostgresExportTests() : ExportTests(Engine.Postgres);
