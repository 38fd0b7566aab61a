using System.Data.Common;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>A callback as it arrived and what was done with it.</summary>
public sealed record LoggedCallback(long Id, string Kind, string Body, string Outcome, DateTimeOffset ReceivedAt);

/// <summary>
/// Every M-Pesa callback body is kept as received, with its outcome (recorded, duplicate, unknown, malformed …), for
/// inspection. Append-only. A callback that changed money is logged in the transaction of that change.
/// </summary>
public sealed class CallbackLog(IDatabase database, TimeProvider clock)
{
    public Task AppendAsync(string kind, string body, string outcome, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync((_, transaction) => AppendAsync(transaction, kind, body, outcome, now), cancellationToken);
    }

    public Task<IReadOnlyList<LoggedCallback>> ListAsync(string? kind = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<LoggedCallback>>(
            async (connection, transaction) => (await connection.QueryAsync<(long Id, string Kind, string Body, string Outcome, long ReceivedAt)>(
                    "SELECT id, kind, body, outcome, received_at FROM mpesa_callbacks WHERE @kind IS NULL OR kind = @kind ORDER BY id;", new { kind }, transaction))
                .Select(r => new LoggedCallback(r.Id, r.Kind, r.Body, r.Outcome, DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAt)))
                .ToList(),
            cancellationToken);

    internal static async Task<bool> AppendAsync(DbTransaction transaction, string kind, string body, string outcome, DateTimeOffset now) =>
        await transaction.Connection!.ExecuteAsync(
            "INSERT INTO mpesa_callbacks (kind, body, outcome, received_at) VALUES (@kind, @body, @outcome, @At);",
            new { kind, body, outcome, At = now.ToUnixTimeMilliseconds() },
            transaction) == 1;
}
