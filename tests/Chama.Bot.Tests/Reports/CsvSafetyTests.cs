using Chama.Bot.Reports;
using Chama.Core;
using Chama.Data.Reports;

namespace Chama.Bot.Tests.Reports;

public sealed class CsvSafetyTests
{
    [Fact]
    public async Task A_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text()
    {
        await using var chama = await ReportLedger.CreateAsync(thirdMemberName: "=HYPERLINK(\"http://evil\",\"Pay\")");
        await chama.Ledger.RecordAsync(new ContributionRequest(chama.Rounds[0].Id, chama.Wanjiru.Id, Money.Kes(1_500), "QKA0000009"), Actor.System("test"));

        var written = await chama.WriteAsync(CsvReport.Contributions);

        Assert.Equal("'=HYPERLINK(\"http://evil\",\"Pay\")", Assert.Single(written.Rows)["Member"]);
    }

    [Fact]
    public async Task A_chama_with_no_money_yet_gets_the_header_alone()
    {
        await using var chama = await ReportLedger.CreateAsync();

        var written = await chama.WriteAsync(CsvReport.Contributions);

        Assert.Empty(written.Rows);
        Assert.Equal(
            ["Date", "Time (EAT)", "Cycle", "Round", "Due date", "Seat", "Member", "Amount", "Carried to next round", "Currency", "M-Pesa receipt", "Channel", "Paid in another currency", "Rate", "Recorded by", "Standing"],
            written.Header);
    }

    [Theory]
    [InlineData(CsvReport.Contributions, "umoja-contributions-2026-01-10.csv")]
    [InlineData(CsvReport.RoundSummaries, "umoja-round-summaries-2026-01-10.csv")]
    [InlineData(CsvReport.Welfare, "umoja-welfare-2026-01-10.csv")]
    [InlineData(CsvReport.Disbursements, "umoja-disbursements-2026-01-10.csv")]
    public void A_download_is_named_for_the_chama_the_report_and_the_day(CsvReport report, string fileName)
    {
        var chama = new ChamaGroup(1, "Umoja Investment Club", "UMOJA", Constitution.Monthly(Money.Kes(1_500)));

        Assert.Equal(fileName, CsvFileNames.FileName(chama, report, new DateOnly(2026, 1, 10)));
        Assert.Equal($"attachment; filename={fileName}", CsvFileNames.ContentDisposition(chama, report, new DateOnly(2026, 1, 10)));
        Assert.True(CsvFileNames.TryParse(CsvFileNames.Slug(report), out var parsed));
        Assert.Equal(report, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ledger")]
    [InlineData("contributions.csv")]
    public void An_unknown_report_name_is_not_a_report(string slug) =>
        Assert.False(CsvFileNames.TryParse(slug, out _));

    [Fact]
    public async Task The_host_provides_the_reports_for_its_chamas()
    {
        using var factory = new BotFactory();
        _ = factory.Server;
        var umoja = (await factory.Get<Chama.Data.Chamas.ChamaStore>().FindChamaByCodeAsync("UMOJA"))!;
        using var output = new MemoryStream();

        await factory.Get<CsvReports>().WriteAsync(umoja.Id, CsvReport.RoundSummaries, output);

        var written = WrittenReport.Read(output.ToArray());
        Assert.Equal(4, written.Rows.Count);
        Assert.Equal("Grace Wanjiku", written.Rows[0]["Recipient"]);
    }

    [Theory]
    [InlineData("whatsapp", false, "mpesa", "QKA0000001", "M-Pesa STK push (whatsapp)")]
    [InlineData(null, false, "mpesa-paybill", "QKA0000001", "M-Pesa paybill")]
    [InlineData(null, true, "whatsapp", "QKA0000001", "M-Pesa paybill, allocated by an officer (whatsapp)")]
    [InlineData(null, false, "whatsapp", "CASH-2026-014", "cash, recorded (whatsapp)")]
    [InlineData(null, false, "cli", "QKA0000001", "cli")]
    public void A_payment_says_how_it_came(string? pushChannel, bool allocated, string recordedVia, string receipt, string channel)
    {
        var line = new ContributionLine(
            1, Fund.Pot, 1, Money.Kes(1_500), Receipt.Parse(receipt), DateTimeOffset.UnixEpoch, 1, 1, new DateOnly(2026, 1, 31), Money.Zero(),
            pushChannel, allocated, recordedVia, null, null, 0);

        Assert.Equal(channel, ContributionRows.Channel(line));
    }
}
