using System.Data.Common;
using Dapper;

namespace Chama.Data.Outbox;

/// <summary>
/// The delivery side of the outbox. A sender claims due messages under a lease in one write; while the lease runs no
/// other sender takes them. The outbox is the host's delivery queue, tied to no chama: claims of several senders (of
/// several hosts) run at once, each taking rows no other holds, and each row's claim checks its state again. A sender that dies mid-send leaves the lease to expire, and the message is claimed again,
/// unless a Twilio status callback shows Twilio accepted it: then it is recorded as sent, not sent twice.
/// </summary>
public sealed class OutboxDelivery(IDatabase database, TimeProvider clock)
{
    public Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        return database.WriteAsync<IReadOnlyList<ClaimedMessage>>(
            async (connection, transaction) =>
            {
                // Read inside the write: a claim that waited behind other writers still gets its whole lease, measured
                // from when it is made.
                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                var leaseUntil = now + (long)lease.TotalMilliseconds;
                await SettleAcceptedAsync(connection, transaction, now);
                // The due rows are picked once (materialized: a subquery the planner ran again would pick more than the
                // limit), skipping rows another claim has locked; the update checks each row again, leaving one that a
                // claim committed meanwhile (its lease now in the future).
                var ids = (await connection.QueryAsync<long>(
                    $"""
                    WITH due AS MATERIALIZED (
                        SELECT id FROM outbound_messages WHERE status IN ('Queued', 'Sending') AND next_attempt_at <= @now
                        ORDER BY next_attempt_at, id LIMIT @limit{SqlDialect.SkipLocked(connection)})
                    UPDATE outbound_messages SET status = 'Sending', attempts = attempts + 1, next_attempt_at = @leaseUntil
                    WHERE id IN (SELECT id FROM due) AND status IN ('Queued', 'Sending') AND next_attempt_at <= @now
                    RETURNING id;
                    """,
                    new { now, leaseUntil, limit },
                    transaction)).ToList();
                if (ids.Count == 0)
                {
                    return [];
                }

                return (await connection.QueryAsync<ClaimRow>(
                        $"""
                        SELECT m.id, m.idempotency_key, m.phone, m.body, m.template, m.variables_json, m.attempts, COALESCE(mb.prefers_sms, 0) AS prefers_sms
                        FROM outbound_messages m LEFT JOIN members mb ON mb.id = m.member_id WHERE m.id IN {IdList.Of(ids)} ORDER BY m.id;
                        """,
                        transaction: transaction))
                    .Select(r => new ClaimedMessage(r.Id, r.IdempotencyKey, r.Phone, r.Body, r.Template, r.VariablesJson, (int)r.Attempts, r.PrefersSms == 1))
                    .ToList();
            },
            cancellationToken);
    }

    /// <summary>Records an attempt and moves the message on: sent, queued again at its retry time, or failed.</summary>
    public Task RecordAsync(long messageId, int attempt, AttemptResult result, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (status, nextAttemptAt) = result.Outcome switch
        {
            AttemptOutcome.Sent => ("Sent", now),
            AttemptOutcome.RetryableFailure when result.RetryAt is { } retryAt => ("Queued", retryAt.ToUnixTimeMilliseconds()),
            _ => ("Failed", now),
        };
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await InsertAttemptAsync(connection, transaction, messageId, attempt, result, now);
                return await connection.ExecuteAsync(
                    "UPDATE outbound_messages SET status = @status, next_attempt_at = @nextAttemptAt WHERE id = @messageId AND status = 'Sending';",
                    new { status, nextAttemptAt, messageId },
                    transaction);
            },
            cancellationToken);
    }

    /// <summary>Messages of a chama that will not be sent, newest first, with the last attempt's error.</summary>
    public Task<IReadOnlyList<FailedMessage>> ListFailedAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<FailedMessage>>(
            async (connection, transaction) => (await connection.QueryAsync<FailedRow>(
                    """
                    SELECT m.id, m.idempotency_key, m.member_id, m.phone, m.attempts, a.error_code, a.error, COALESCE(a.at, m.next_attempt_at) AS failed_at
                    FROM outbound_messages m
                    LEFT JOIN outbound_attempts a ON a.id = (SELECT MAX(id) FROM outbound_attempts WHERE message_id = m.id)
                    WHERE m.chama_id = @chamaId AND m.status = 'Failed' ORDER BY m.id DESC;
                    """,
                    new { chamaId },
                    transaction))
                .Select(r => new FailedMessage(
                    r.Id, r.IdempotencyKey, r.MemberId, r.Phone, (int)r.Attempts, (int?)r.ErrorCode, r.Error, DateTimeOffset.FromUnixTimeMilliseconds(r.FailedAt)))
                .ToList(),
            cancellationToken);

    /// <summary>
    /// A claim that expired while a status callback names its row: Twilio accepted the message before the sender could
    /// record it. It is recorded as sent with that MessageSid instead of being claimed and sent again.
    /// </summary>
    private static async Task SettleAcceptedAsync(DbConnection connection, DbTransaction transaction, long now)
    {
        var accepted = await connection.QueryAsync<(long Id, long Attempts, string MessageSid)>(
            """
            SELECT m.id, m.attempts, MIN(s.message_sid) FROM outbound_messages m JOIN outbound_status s ON s.outbox_id = m.id
            WHERE m.status = 'Sending' AND m.next_attempt_at <= @now
              AND NOT EXISTS (SELECT 1 FROM outbound_attempts a WHERE a.message_sid = s.message_sid)
            GROUP BY m.id, m.attempts;
            """,
            new { now },
            transaction);
        foreach (var (id, attempts, messageSid) in accepted)
        {
            // Another claim may have settled it meanwhile: only the claim whose update still finds it expired records it.
            if (await connection.ExecuteAsync(
                    "UPDATE outbound_messages SET status = 'Sent' WHERE id = @id AND status = 'Sending' AND next_attempt_at <= @now;", new { id, now }, transaction) == 0)
            {
                continue;
            }

            var result = new AttemptResult(AttemptOutcome.Sent, null, messageSid, Error: "accepted by Twilio (seen in a status callback); the sender stopped before recording it");
            await InsertAttemptAsync(connection, transaction, id, (int)attempts, result, now);
        }
    }

    private static Task InsertAttemptAsync(
        DbConnection connection, DbTransaction transaction, long messageId, int attempt, AttemptResult result, long now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO outbound_attempts (message_id, attempt, channel, outcome, message_sid, error_code, error, retry_at, at)
            VALUES (@messageId, @attempt, @Channel, @Outcome, @MessageSid, @ErrorCode, @Error, @RetryAt, @now);
            """,
            new
            {
                messageId,
                attempt,
                Channel = result.Channel?.ToString(),
                Outcome = result.Outcome.ToString(),
                result.MessageSid,
                result.ErrorCode,
                Error = result.Error is { Length: > 500 } text ? text[..500] : result.Error,
                RetryAt = result.RetryAt?.ToUnixTimeMilliseconds(),
                now,
            },
            transaction);

    private sealed class ClaimRow
    {
        public long Id { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public string Phone { get; init; } = "";
        public string Body { get; init; } = "";
        public string? Template { get; init; }
        public string? VariablesJson { get; init; }
        public long Attempts { get; init; }
        public long PrefersSms { get; init; }
    }

    private sealed class FailedRow
    {
        public long Id { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public long? MemberId { get; init; }
        public string Phone { get; init; } = "";
        public long Attempts { get; init; }
        public long? ErrorCode { get; init; }
        public string? Error { get; init; }
        public long FailedAt { get; init; }
    }
}
