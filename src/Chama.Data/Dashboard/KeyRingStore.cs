using Dapper;

namespace Chama.Data.Dashboard;

/// <summary>The dashboard's signing keys as XML documents, shared by every host on the database.</summary>
public sealed class KeyRingStore(IDatabase database, TimeProvider clock)
{
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(
            async (connection, transaction) => (await connection.QueryAsync<string>("SELECT xml FROM key_ring ORDER BY id;", transaction: transaction)).ToList(),
            cancellationToken);

    /// <summary>Adds a key; a name already kept (the same key stored twice) is left as it is.</summary>
    public Task AddAsync(string name, string xml, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "INSERT INTO key_ring (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING;",
                new { name, xml, at = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction),
            cancellationToken);
}
