using Chama.Bot.Reports;
using Chama.Core;
using Chama.Tests;

namespace Chama.Bot.Tests.Reports;

public abstract class CsvReportTests(Engine engine) : IAsyncLifetime
{
    private ReportLedger chama = null!;

    public async Task InitializeAsync()
    {
        chama = await ReportLedger.CreateAsync(engine);
        await chama.RecordASeasonAsync();
    }

    public async Task DisposeAsync() => await chama.DisposeAsync();

    [Theory]
    [InlineData(CsvReport.Contributions)]
    [InlineData(CsvReport.RoundSummaries)]
    [InlineData(CsvReport.Welfare)]
    [InlineData(CsvReport.Disbursements)]
    public async Task Every_report_is_utf8_with_a_byte_order_mark_and_a_header(CsvReport report)
    {
        var written = await chama.WriteAsync(report);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, written.Bytes[..3]);
        Assert.NotEmpty(written.Header);
        Assert.NotEmpty(written.Rows);
    }

    [Fact]
    public async Task Contribution_rows_are_the_pot_ledger_payment_for_payment()
    {
        var written = await chama.WriteAsync(CsvReport.Contributions);

        Assert.Equal(await chama.ScalarAsync<long>("SELECT COUNT(*) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Pot';"), written.Rows.Count);
        Assert.Equal(await chama.ScalarAsync<long>("SELECT SUM(amount_minor) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Pot';"), written.SumMinor("Amount"));
        Assert.Equal(
            ["QKA0000001", "CASH-2026-001", "QKA0000003", "QKA0000004", "QKA0000005", "QKA0000006"],
            written.Rows.Select(r => r["M-Pesa receipt"]));

        var first = written.Row("M-Pesa receipt", "QKA0000001");
        Assert.Equal("2026-01-10", first["Date"]);
        Assert.Equal("09:00:00", first["Time (EAT)"]);
        Assert.Equal(("1", "1", "2026-01-31", "1", "Grace Wanjiku"), (first["Cycle"], first["Round"], first["Due date"], first["Seat"], first["Member"]));
        Assert.Equal(("1500.00", "0.00", "KES"), (first["Amount"], first["Carried to next round"], first["Currency"]));
        Assert.Equal("whatsapp", first["Channel"]);
        Assert.Equal("cash, recorded (whatsapp)", written.Row("M-Pesa receipt", "CASH-2026-001")["Channel"]);

        // A partial payment in two parts, and an over-payment whose excess went to the member's next round.
        Assert.Equal(["1000.00", "500.00"], written.Rows.Where(r => r["Seat"] == "3").Select(r => r["Amount"]));
        var over = written.Row("M-Pesa receipt", "QKA0000005");
        Assert.Equal(("2000.00", "500.00"), (over["Amount"], over["Carried to next round"]));
        Assert.Equal("10:00:00", over["Time (EAT)"]);
        Assert.All(written.Rows, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r["Date"]));
    }

    [Fact]
    public async Task A_name_with_a_comma_quotes_and_accents_round_trips()
    {
        var written = await chama.WriteAsync(CsvReport.Contributions);

        Assert.Equal([ReportLedger.AwkwardName, ReportLedger.AwkwardName], written.Rows.Where(r => r["Seat"] == "3").Select(r => r["Member"]));
    }

    [Fact]
    public async Task Round_summaries_match_the_ledger_and_show_the_pot_paid_out()
    {
        var written = await chama.WriteAsync(CsvReport.RoundSummaries);
        var ledger = await chama.Ledger.GetCycleSummariesAsync(chama.Cycle.Id);

        Assert.Equal(ledger.Count, written.Rows.Count);
        foreach (var (row, summary) in written.Rows.Zip(ledger))
        {
            Assert.Equal(summary.Round.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), row["Round"]);
            Assert.Equal(summary.ExpectedPot.Minor, WrittenReport.Minor(row["Expected"]));
            Assert.Equal(summary.Collected.Minor, WrittenReport.Minor(row["Collected"]));
            Assert.Equal(summary.Remaining.Minor, WrittenReport.Minor(row["Remaining"]));
        }

        var round1 = written.Row("Round", "1");
        Assert.Equal(("2026-01-31", "Grace Wanjiku", "6000.00", "6000.00", "0.00", "0"), (round1["Due date"], round1["Recipient"], round1["Expected"], round1["Collected"], round1["Remaining"], round1["Members pending"]));
        Assert.Equal(("6000.00", "2026-01-10", "Completed"), (round1["Disbursed"], round1["Paid out on"], round1["Payout status"]));
        var round2 = written.Row("Round", "2");
        Assert.Equal(("2026-02-28", "Patrick Ochieng", "2000.00", "4000.00", "3"), (round2["Due date"], round2["Recipient"], round2["Collected"], round2["Remaining"], round2["Members pending"]));
        Assert.Equal(("", "", ""), (round2["Disbursed"], round2["Paid out on"], round2["Payout status"]));
    }

    [Fact]
    public async Task The_welfare_statement_adds_up_to_the_fund_balance()
    {
        var written = await chama.WriteAsync(CsvReport.Welfare);
        var balance = await chama.Welfare.GetBalanceAsync(chama.Chama.Id);

        Assert.Equal(["Contribution", "Contribution", "Request", "Payout", "Fine paid"], written.Rows.Select(r => r["Entry"]));
        Assert.Equal(await chama.ScalarAsync<long>("SELECT SUM(amount_minor) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Welfare';"), written.SumMinor("In"));
        Assert.Equal(await chama.ScalarAsync<long>("SELECT SUM(amount_minor) FROM welfare_payouts WHERE chama_id = @ChamaId;"), written.SumMinor("Out"));
        Assert.Equal(balance.Minor, written.SumMinor("In") - written.SumMinor("Out"));
        Assert.Equal(["300.00", "600.00", "600.00", "200.00", "400.00"], written.Rows.Select(r => r["Balance"]));

        var request = written.Row("Entry", "Request");
        Assert.Equal(("Amani Kazungu", "400.00", "", "Hospital: Hospital bill, Coast General"), (request["Member"], request["Requested"], request["In"], request["Detail"]));
        var payout = written.Row("Entry", "Payout");
        Assert.Equal((request["Request"], "400.00", "TXW0000002", "Amani Kazungu"), (payout["Request"], payout["Out"], payout["Receipt or reference"], payout["Member"]));
        var fine = written.Row("Entry", "Fine paid");
        Assert.Equal(("Patrick Ochieng", "200.00", "QKF0000001", "2026-03-05"), (fine["Member"], fine["In"], fine["Receipt or reference"], fine["Date"]));
        Assert.StartsWith("fine ", fine["Detail"], StringComparison.Ordinal);
        Assert.EndsWith(", round 2", fine["Detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disbursements_list_each_payout_with_its_status_and_mpesa_transaction()
    {
        var written = await chama.WriteAsync(CsvReport.Disbursements);

        Assert.Equal(await chama.ScalarAsync<long>("SELECT COUNT(*) FROM disbursements WHERE chama_id = @ChamaId;"), written.Rows.Count);
        Assert.Equal(await chama.ScalarAsync<long>("SELECT SUM(amount_minor) FROM disbursements WHERE chama_id = @ChamaId;"), written.SumMinor("Amount"));
        var pot = written.Row("Kind", "Pot");
        Assert.Equal(($"P{chama.Rounds[0].Id}", "1", "1", "Grace Wanjiku", "6000.00", "Completed", "TXP0000001"), (pot["Payout"], pot["Cycle"], pot["Round"], pot["Recipient"], pot["Amount"], pot["Status"], pot["M-Pesa transaction id"]));
        var welfare = written.Row("Kind", "Welfare");
        Assert.Equal(("Amani Kazungu", "400.00", "Completed", "TXW0000002", "", ""), (welfare["Recipient"], welfare["Amount"], welfare["Status"], welfare["M-Pesa transaction id"], welfare["Cycle"], welfare["Round"]));
        Assert.Equal(("2026-01-10", "2026-01-11"), (welfare["Approved on"], welfare["Status on"]));
        Assert.Equal("2026-01-10", pot["Status on"]);
        Assert.StartsWith("CB-W", welfare["OriginatorConversationID"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_chama_is_refused_and_nothing_is_written()
    {
        using var output = new MemoryStream();

        var refused = await Assert.ThrowsAsync<ChamaException>(() => chama.Reports.WriteAsync(chama.Chama.Id + 99, CsvReport.Contributions, output));

        Assert.Equal(ChamaError.UnknownChama, refused.Error);
        Assert.Equal(0, output.Length);
    }
}

public sealed class SqliteCsvReportTests() : CsvReportTests(Engine.Sqlite);

public sealed class PostgresCsvReportTests() : CsvReportTests(Engine.Postgres);
