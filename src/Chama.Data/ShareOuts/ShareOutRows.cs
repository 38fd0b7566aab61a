using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Dapper;

namespace Chama.Data.ShareOuts;

/// <summary>Reads a share-out with its lines, its events and the officers' votes, inside the caller's transaction.</summary>
internal static class ShareOutRows
{
    public static async Task<ProposedShareOut?> FindAsync(DbTransaction transaction, long chamaId, long id)
    {
        var connection = transaction.Connection!;
        var head = await connection.QuerySingleOrDefaultAsync<(long Id, long ProposedBy, long Savings, long Earnings, string Currency, long ProposedAt)?>(
            "SELECT id, proposed_by_member_id, savings_minor, earnings_minor, currency, proposed_at FROM share_outs WHERE id = @id AND chama_id = @chamaId;",
            new { id, chamaId },
            transaction);
        if (head is not { } shareOut)
        {
            return null;
        }

        var currency = shareOut.Currency;
        var lines = (await connection.QueryAsync<(long Id, long MemberId, string Name, long Seat, long Savings, long Earnings, long Deducted, long Payout)>(
                """
                SELECT o.id, o.member_id, m.name, m.seat, o.savings_minor, o.earnings_minor, o.loan_deducted_minor, o.payout_minor
                FROM share_out_lines o JOIN members m ON m.id = o.member_id WHERE o.share_out_id = @id ORDER BY m.seat;
                """,
                new { id },
                transaction))
            .Select(l => new ShareOutMemberLine(l.Id, l.MemberId, l.Name, (int)l.Seat, new ShareOutLine(
                l.MemberId, new Money(l.Savings, currency), new Money(l.Earnings, currency), new Money(l.Deducted, currency), new Money(l.Payout, currency))))
            .ToList();
        var events = (await connection.QueryAsync<string>("SELECT status FROM share_out_events WHERE share_out_id = @id;", new { id }, transaction)).ToHashSet();
        var status = events.Contains("Closed") ? ShareOutStatus.Closed
            : events.Contains("Approved") ? ShareOutStatus.Approved
            : events.Contains("Rejected") ? ShareOutStatus.Rejected
            : ShareOutStatus.Proposed;
        var required = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama().Constitution.ApprovalsRequired;
        return new ProposedShareOut(
            id,
            chamaId,
            shareOut.ProposedBy,
            new Money(shareOut.Savings, currency),
            new Money(shareOut.Earnings, currency),
            lines,
            status,
            await DecisionVotes.ReadAsync(transaction, DecisionKind.ShareOut, id),
            required,
            DateTimeOffset.FromUnixTimeMilliseconds(shareOut.ProposedAt));
    }

    /// <summary>The chama's latest share-out, whatever became of it.</summary>
    public static async Task<ProposedShareOut?> LatestAsync(DbTransaction transaction, long chamaId) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<long?>(
            "SELECT MAX(id) FROM share_outs WHERE chama_id = @chamaId;", new { chamaId }, transaction) is { } id
            ? await FindAsync(transaction, chamaId, id)
            : null;

    /// <summary>Appends one event of a share-out's life; false when it already has it (a retry), so the caller does its work once.</summary>
    public static async Task<bool> TryAddEventAsync(DbTransaction transaction, long shareOutId, ShareOutStatus status, DateTimeOffset at) =>
        await transaction.Connection!.ExecuteAsync(
            "INSERT INTO share_out_events (share_out_id, status, at) VALUES (@shareOutId, @Status, @At) ON CONFLICT (share_out_id, status) DO NOTHING;",
            new { shareOutId, Status = status.ToString(), At = at.ToUnixTimeMilliseconds() },
            transaction) == 1;

    /// <summary>The chama's active members, by seat: who share-outs are computed for and told.</summary>
    public static async Task<IReadOnlyList<Member>> MembersAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId AND active = 1 ORDER BY seat;", new { chamaId }, transaction))
        .Select(r => r.ToMember())
        .ToList();
}
