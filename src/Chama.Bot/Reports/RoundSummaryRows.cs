using Chama.Core;
using Chama.Data.Reports;

namespace Chama.Bot.Reports;

/// <summary>The round summaries report: each round of each cycle as the ledger sums it, with its pot's payout.</summary>
public static class RoundSummaryRows
{
    public static IEnumerable<RoundSummaryCsvRow> From(
        IEnumerable<CycleRounds> cycles, IEnumerable<PayoutLine> payouts)
    {
        var potPayouts = payouts.Where(p => p.Kind == ApprovalKind.Pot).ToLookup(p => p.SubjectId);
        foreach (var (cycle, rounds) in cycles)
        {
            foreach (var summary in rounds)
            {
                var attempts = potPayouts[summary.Round.Id].OrderBy(p => p.Attempt).ToList();
                var paid = attempts.FirstOrDefault(p => p.Status == DisbursementStatus.Completed);
                yield return new RoundSummaryCsvRow(
                    cycle.Number,
                    summary.Round.Number,
                    summary.Round.DueDate,
                    summary.Recipient.Seat,
                    summary.Recipient.Name,
                    summary.ExpectedPot,
                    summary.Collected,
                    summary.Remaining,
                    summary.Defaulters.Count,
                    paid?.Amount,
                    paid is null ? null : CsvFormats.InNairobi(paid.StatusAt).Date,
                    attempts.Count == 0 ? "" : attempts[^1].Status.ToString(),
                    summary.ExpectedPot.Currency);
            }
        }
    }
}
