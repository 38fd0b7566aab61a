using Dapper;

namespace Chama.Data;

/// <summary>One line of the audit trail: who (a member, or none for the system), through which channel, did what, when.</summary>
public sealed record AuditEntry(long Id, long? ActorMemberId, string Channel, string Action, string Subject, DateTimeOffset At);

/// <summary>Reads the audit trail that <see cref="Audit"/> appends to.</summary>
public sealed class AuditTrail(IDatabase database)
{
    public const int MaxShown = 200;

    /// <summary>A chama's most recent entries, newest first; at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(long chamaId, int limit = MaxShown, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(
            async (connection, transaction) => (await connection.QueryAsync<(long Id, long? Actor, string Channel, string Action, string Subject, long At)>(
                    "SELECT id, actor_member_id, channel, action, subject, at FROM audit_log WHERE chama_id = @chamaId ORDER BY id DESC LIMIT @limit;",
                    new { chamaId, limit = Math.Clamp(limit, 1, MaxShown) },
                    transaction))
                .Select(r => new AuditEntry(r.Id, r.Actor, r.Channel, r.Action, r.Subject, DateTimeOffset.FromUnixTimeMilliseconds(r.At)))
                .ToList(),
            cancellationToken);
}
