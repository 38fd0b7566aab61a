using System.Globalization;
using System.Text;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Reports;
using CsvHelper;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>
/// Writes a chama's reports as CSV a treasurer opens in a spreadsheet: UTF-8 with a byte-order mark (so Excel reads
/// Swahili and accented names right), invariant culture, ISO dates in Nairobi time, amounts in shillings with two
/// decimals. Cells that a spreadsheet would run as a formula are escaped. Everything is read before the first byte is
/// written, so a refused request writes nothing.
/// </summary>
public sealed class CsvReports(ChamaStore chamas, CycleStore cycles, ContributionLedger ledger, LedgerReports reports)
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public async Task WriteAsync(long chamaId, CsvReport report, Stream output, CancellationToken cancellationToken = default)
    {
        var chama = await chamas.FindChamaAsync(chamaId, cancellationToken)
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
        var members = (await chamas.GetMembersAsync(chamaId, cancellationToken)).ToDictionary(m => m.Id);
        switch (report)
        {
            case CsvReport.Contributions:
                var contributions = ContributionRows.From(await reports.GetContributionsAsync(chamaId, cancellationToken), members);
                await WriteAsync<ContributionCsvRow, ContributionCsvMap>(contributions, output, cancellationToken);
                break;
            case CsvReport.RoundSummaries:
                var summaries = RoundSummaryRows.From(await CycleSummariesAsync(chamaId, cancellationToken), await reports.GetPayoutsAsync(chamaId, cancellationToken));
                await WriteAsync<RoundSummaryCsvRow, RoundSummaryCsvMap>(summaries, output, cancellationToken);
                break;
            case CsvReport.Welfare:
                var welfare = WelfareRows.From(
                    await reports.GetContributionsAsync(chamaId, cancellationToken),
                    await reports.GetWelfareRequestsAsync(chamaId, chama.Currency, cancellationToken),
                    await reports.GetWelfarePayoutsAsync(chamaId, chama.Currency, cancellationToken),
                    members,
                    chama.Currency);
                await WriteAsync<WelfareCsvRow, WelfareCsvMap>(welfare, output, cancellationToken);
                break;
            case CsvReport.Disbursements:
                var payouts = DisbursementRows.From(await reports.GetPayoutsAsync(chamaId, cancellationToken), members);
                await WriteAsync<DisbursementCsvRow, DisbursementCsvMap>(payouts, output, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(report), report, "There is no such report.");
        }
    }

    private async Task<IReadOnlyList<(Cycle Cycle, IReadOnlyList<RoundSummary> Rounds)>> CycleSummariesAsync(long chamaId, CancellationToken cancellationToken)
    {
        var summaries = new List<(Cycle, IReadOnlyList<RoundSummary>)>();
        foreach (var cycle in await cycles.GetCyclesAsync(chamaId, cancellationToken))
        {
            summaries.Add((cycle, await ledger.GetCycleSummariesAsync(cycle.Id, cancellationToken)));
        }

        return summaries;
    }

    private static async Task WriteAsync<TRow, TMap>(IEnumerable<TRow> rows, Stream output, CancellationToken cancellationToken)
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
