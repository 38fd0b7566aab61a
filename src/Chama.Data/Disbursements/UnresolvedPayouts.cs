using System.Data.Common;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Dapper;

namespace Chama.Data.Disbursements;

/// <summary>A payout sent without a definite result yet, with what was done to learn it.</summary>
/// <param name="Queries">Transaction status queries made so far (answered or not).</param>
public sealed record UnresolvedPayout(Disbursement Payout, DateTimeOffset SentAt, int Queries, DateTimeOffset? LastAskedAt);

/// <summary>A payout the officers are to check on the M-Pesa statement, as the approvals lists show it.</summary>
public sealed record UnconfirmedPayout(Disbursement Payout, string RecipientName, DateTimeOffset SentAt);

/// <summary>
/// Payouts sent whose outcome is unknown. They are never sent again: status queries ask what became of them (each
/// query's own ids kept, so its Result finds its payout), and one still unknown after a while is shown to the officers
/// as unconfirmed until what the M-Pesa statement shows is recorded. Until then the subject cannot be approved afresh
/// (<see cref="LiveAttemptsAsync"/> counts every attempt that has not failed).
/// </summary>
public sealed partial class DisbursementStore
{
    private const string Unsettled = "NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status IN ('Completed', 'Failed'))";

    /// <summary>Payouts sent and not settled, oldest first, with their status queries so far.</summary>
    public Task<IReadOnlyList<UnresolvedPayout>> ListUnresolvedAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<UnresolvedPayout>>(
            async (connection, transaction) =>
            {
                var payouts = await QueryAsync(
                    transaction, $"WHERE EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Sent') AND {Unsettled} ORDER BY d.id", new { });
                var asked = (await connection.QueryAsync<(long Id, long SentAt, long Queries, long? LastAskedAt)>(
                    $"""
                    SELECT d.id, s.at,
                           (SELECT COUNT(*) FROM payout_status_queries q WHERE q.disbursement_id = d.id),
                           (SELECT MAX(q.asked_at) FROM payout_status_queries q WHERE q.disbursement_id = d.id)
                    FROM disbursements d JOIN disbursement_events s ON s.disbursement_id = d.id AND s.status = 'Sent'
                    WHERE {Unsettled};
                    """,
                    transaction: transaction)).ToDictionary(a => a.Id);
                return payouts
                    .Select(p => (Payout: p, Asked: asked[p.Id]))
                    .Select(p => new UnresolvedPayout(p.Payout, At(p.Asked.SentAt), (int)p.Asked.Queries, p.Asked.LastAskedAt is { } last ? At(last) : null))
                    .ToList();
            },
            cancellationToken);

    /// <summary>
    /// Records a status query made about a payout, with the ids of Daraja's synchronous answer (null when none came). A
    /// repeated id is kept once: the first query that had it keeps it.
    /// </summary>
    public Task RecordStatusQueryAsync(long payoutId, string? conversationId, string? originatorConversationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterPayoutAsync(transaction, payoutId);
                return await connection.ExecuteAsync(
                    """
                    INSERT INTO payout_status_queries (disbursement_id, conversation_id, originator_conversation_id, asked_at)
                    VALUES (@payoutId, @Conversation, @Originator, @At) ON CONFLICT DO NOTHING;
                    """,
                    new
                    {
                        payoutId,
                        Conversation = string.IsNullOrWhiteSpace(conversationId) ? null : conversationId,
                        Originator = string.IsNullOrWhiteSpace(originatorConversationId) ? null : originatorConversationId,
                        At = now.ToUnixTimeMilliseconds(),
                    },
                    transaction);
            },
            cancellationToken);
    }

    /// <summary>The payout a status query asked about, found by the query's own ids (those its Result arrives under).</summary>
    public Task<Disbursement?> FindByStatusQueryAsync(string originatorConversationId, string conversationId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (_, transaction) => (await QueryAsync(
                transaction,
                """
                WHERE d.id IN (SELECT q.disbursement_id FROM payout_status_queries q
                               WHERE q.originator_conversation_id = @originatorConversationId OR q.conversation_id = @conversationId)
                """,
                new { originatorConversationId, conversationId })).FirstOrDefault(),
            cancellationToken);

    /// <summary>
    /// Marks a payout still unresolved as unconfirmed, queuing the officers' <paramref name="notices"/> in the same
    /// transaction. Once only: false when it already was, or when it has been settled meanwhile.
    /// </summary>
    public Task<bool> MarkUnconfirmedAsync(long payoutId, PayoutNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterPayoutAsync(transaction, payoutId);
                var inserted = await connection.ExecuteAsync(
                    $"""
                    INSERT INTO unconfirmed_payouts (disbursement_id, at)
                    SELECT d.id, @At FROM disbursements d WHERE d.id = @payoutId AND {Unsettled}
                    ON CONFLICT DO NOTHING;
                    """,
                    new { payoutId, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                if (inserted == 0)
                {
                    return false;
                }

                var payout = (await QueryAsync(transaction, "WHERE d.id = @payoutId", new { payoutId })).Single();
                await Audit.RecordAsync(transaction, payout.ChamaId, Actor.System("mpesa"), "payout.unconfirmed", $"{payout.Code} {payout.OriginatorConversationId}", now);
                await Outbox.Outbox.EnqueueAllAsync(transaction, notices(payout, await PaymentParties.LoadAsync(transaction, payout.ChamaId, payout.RecipientMemberId), ""), now);
                return true;
            },
            cancellationToken);
    }

    /// <summary>The chama's payouts waiting for the officers to check the M-Pesa statement, oldest first.</summary>
    public Task<IReadOnlyList<UnconfirmedPayout>> ListUnconfirmedAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<UnconfirmedPayout>>(
            async (connection, transaction) =>
            {
                var payouts = await QueryAsync(
                    transaction, $"WHERE d.chama_id = @chamaId AND EXISTS (SELECT 1 FROM unconfirmed_payouts u WHERE u.disbursement_id = d.id) AND {Unsettled} ORDER BY d.id", new { chamaId });
                var details = (await connection.QueryAsync<(long Id, string Name, long SentAt)>(
                    """
                    SELECT d.id, m.name, s.at FROM disbursements d JOIN members m ON m.id = d.recipient_member_id
                    JOIN disbursement_events s ON s.disbursement_id = d.id AND s.status = 'Sent' WHERE d.chama_id = @chamaId;
                    """,
                    new { chamaId },
                    transaction)).ToDictionary(r => r.Id);
                return payouts.Select(p => new UnconfirmedPayout(p, details[p.Id].Name, At(details[p.Id].SentAt))).ToList();
            },
            cancellationToken);

    /// <summary>
    /// Applies what the M-Pesa statement shows for an unconfirmed payout, once the officers have agreed on it: paid (with
    /// the statement's M-Pesa receipt, unique like every receipt) records it Completed; not paid records it Failed, so the
    /// subject can be approved afresh. The same outcome recorded again changes nothing (NewlySettled false). Refused with
    /// <see cref="ChamaError.PayoutNotUnconfirmed"/> for a payout that is not unconfirmed (unknown, not yet unconfirmed,
    /// or settled otherwise), <see cref="ChamaError.InvalidReceipt"/> for a paid one without an M-Pesa receipt and
    /// <see cref="ChamaError.ReceiptConflict"/> for a receipt that completed another payout.
    /// </summary>
    public Task<SettledDisbursement> SettleFromStatementAsync(
        long payoutId, bool paid, string? receipt, Actor actor, PayoutNotices notices, CancellationToken cancellationToken = default)
    {
        var transactionId = paid ? StatementReceipt(receipt) : null;
        var now = clock.GetUtcNow();
        return database.WriteAsync((_, transaction) => SettleFromStatementAsync(transaction, payoutId, paid, transactionId, actor, notices, now), cancellationToken);
    }

    /// <summary>The same, inside the transaction of the officers' approval that carries the statement (<see cref="PayoutStatementStore"/>).</summary>
    internal static async Task<SettledDisbursement> SettleFromStatementAsync(
        DbTransaction transaction, long payoutId, bool paid, string? transactionId, Actor actor, PayoutNotices notices, DateTimeOffset now)
    {
        await OwningChama.EnterPayoutAsync(transaction, payoutId);
        var connection = transaction.Connection!;
        var payout = (await QueryAsync(transaction, "WHERE d.id = @payoutId", new { payoutId })).SingleOrDefault();
        var again = payout is not null
            && payout.Status == (paid ? DisbursementStatus.Completed : DisbursementStatus.Failed)
            && payout.TransactionId == transactionId
            && await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM unconfirmed_payouts WHERE disbursement_id = @payoutId;", new { payoutId }, transaction) > 0;
        if (again)
        {
            return new SettledDisbursement(payout!, NewlySettled: false);
        }

        if (payout is not { Status: DisbursementStatus.Unconfirmed })
        {
            throw new ChamaException(
                ChamaError.PayoutNotUnconfirmed,
                payout is null ? $"There is no payout {payoutId}." : $"Payout {payout.Code} is {payout.Status.ToString().ToLowerInvariant()}, not unconfirmed: the M-Pesa statement is not needed to settle it.");
        }

        var detail = paid ? "paid, as the M-Pesa statement shows" : "not paid, as the M-Pesa statement shows";
        return await RecordOutcomeAsync(transaction, payout, paid, transactionId, detail, actor, notices, now);
    }

    /// <summary>The M-Pesa receipt a statement shows, as stored: refused unless it is one.</summary>
    internal static string StatementReceipt(string? receipt)
    {
        var parsed = Receipt.Parse(receipt?.Trim().ToUpperInvariant());
        return parsed.Kind == ReceiptKind.Mpesa
            ? parsed.Value
            : throw new ChamaException(ChamaError.InvalidReceipt, "A payout the statement shows as paid needs its M-Pesa receipt, as on the statement (for example TKL919G2AV).");
    }

    private static DateTimeOffset At(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
