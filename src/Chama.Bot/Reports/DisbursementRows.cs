using Chama.Core;
using Chama.Data.Reports;

namespace Chama.Bot.Reports;

/// <summary>The disbursements report: every M-Pesa payout attempt, pots, welfare and loans, with its status and transaction id.</summary>
public static class DisbursementRows
{
    public static IEnumerable<DisbursementCsvRow> From(IEnumerable<PayoutLine> payouts, IReadOnlyDictionary<long, Member> members) =>
        payouts.Select(payout =>
        {
            var recipient = members[payout.RecipientMemberId];
            return new DisbursementCsvRow(
                CsvFormats.InNairobi(payout.ApprovedAt).Date,
                payout.Kind.ToString(),
                payout.Code,
                payout.CycleNumber,
                payout.RoundNumber,
                recipient.Seat,
                recipient.Name,
                payout.Amount,
                payout.Amount.Currency,
                payout.Attempt,
                payout.Status.ToString(),
                CsvFormats.InNairobi(payout.StatusAt).Date,
                payout.TransactionId ?? "",
                payout.Detail ?? "",
                payout.OriginatorConversationId);
        });
}
