using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.ShareOuts;

/// <summary>A share-out is closed, once, when the last of its payouts completes.</summary>
internal static class ShareOutClosing
{
    public static async Task CloseWhenPaidAsync(DbTransaction transaction, long lineId, DateTimeOffset now)
    {
        var unpaid = await transaction.Connection!.QuerySingleAsync<(long ShareOutId, long ChamaId, long Unpaid)>(
            """
            SELECT o.share_out_id, s.chama_id,
                   (SELECT COUNT(*) FROM share_out_lines l WHERE l.share_out_id = o.share_out_id AND l.payout_minor > 0
                      AND NOT EXISTS (SELECT 1 FROM disbursements d JOIN disbursement_events e ON e.disbursement_id = d.id
                                      WHERE d.kind = 'ShareOut' AND d.subject_id = l.id AND e.status = 'Completed'))
            FROM share_out_lines o JOIN share_outs s ON s.id = o.share_out_id WHERE o.id = @lineId;
            """,
            new { lineId },
            transaction);
        await WriteScope.EnterChamaAsync(transaction, unpaid.ChamaId);
        if (unpaid.Unpaid == 0 && await ShareOutRows.TryAddEventAsync(transaction, unpaid.ShareOutId, ShareOutStatus.Closed, now))
        {
            await Audit.RecordAsync(transaction, unpaid.ChamaId, Actor.System("payouts"), "share_out.closed", DecisionKind.ShareOut.Code(unpaid.ShareOutId), now);
        }
    }
}
