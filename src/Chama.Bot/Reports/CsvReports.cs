using System.Globalization;
using System.Text;
using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Reports;
using CsvHelper;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>
/// Writes a chama's reports as CSV a treasurer opens in a spreadsheet: UTF-8 with a byte-order mark (so Excel reads
/// Swahili and accented names right), invariant culture, ISO dates in Nairobi time, amounts in the chama's currency
/// with all its minor digits (<see cref="AmountConverter"/>). Cells that a spreadsheet would run as a formula are escaped. The ledger is read in one snapshot before the
/// first byte is written, so a refused request writes nothing.
/// </summary>
public sealed class CsvReports(LedgerReports reports, LoanRegister loans)
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public async Task WriteAsync(long chamaId, CsvReport report, Stream output, CancellationToken cancellationToken = default)
    {
        var ledger = await reports.ReadAsync(chamaId, PartsOf(report), cancellationToken)
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
        var writing = report switch
        {
            CsvReport.Contributions => WriteAsync<ContributionCsvRow, ContributionCsvMap>(ContributionRows.From(ledger.Contributions, ledger.Members), output, cancellationToken),
            CsvReport.RoundSummaries => WriteAsync<RoundSummaryCsvRow, RoundSummaryCsvMap>(RoundSummaryRows.From(ledger.Cycles, ledger.Payouts), output, cancellationToken),
            CsvReport.Welfare => WriteAsync<WelfareCsvRow, WelfareCsvMap>(
                WelfareRows.From(ledger.Contributions, ledger.WelfareRequests, ledger.WelfarePayouts, ledger.ExitSettlements, ledger.Members, ledger.Chama.Currency), output, cancellationToken),
            CsvReport.Disbursements => WriteAsync<DisbursementCsvRow, DisbursementCsvMap>(DisbursementRows.From(ledger.Payouts, ledger.Members), output, cancellationToken),
            CsvReport.Loans => WriteAsync<LoanCsvRow, LoanCsvMap>(LoanRows.From(await loans.MovementsAsync(chamaId, cancellationToken), ledger.Members), output, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(report), report, "There is no such report."),
        };
        await writing;
    }

    private static LedgerParts PartsOf(CsvReport report) => report switch
    {
        CsvReport.Contributions => LedgerParts.Contributions,
        CsvReport.RoundSummaries => LedgerParts.Rounds | LedgerParts.Payouts,
        CsvReport.Welfare => LedgerParts.Contributions | LedgerParts.Welfare,
        CsvReport.Disbursements => LedgerParts.Payouts,
        CsvReport.Loans => LedgerParts.None,
        _ => throw new ArgumentOutOfRangeException(nameof(report), report, "There is no such report."),
    };

    internal static async Task WriteAsync<TRow, TMap>(IEnumerable<TRow> rows, Stream output, CancellationToken cancellationToken)
        where TMap : ClassMap<TRow>
    {
        // Built in full first: a row that cannot be made fails before any byte reaches the output.
        var all = rows.ToList();
        await using var writer = new StreamWriter(output, Utf8WithBom, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        csv.Context.RegisterClassMap<TMap>();
        await csv.WriteRecordsAsync(all, cancellationToken);
        await csv.FlushAsync();
    }
}
