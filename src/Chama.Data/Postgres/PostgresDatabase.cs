using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace Chama.Data.Postgres;

/// <summary>
/// A PostgreSQL database shared by any number of hosts. Reads run in parallel, each on one snapshot. Writes keep the
/// guarantee SQLite gives one host, across every host: each host drains its writes through one
/// <see cref="WriteQueue"/>, and each write transaction first takes a transaction-scoped advisory lock that all hosts
/// on this database share. So writers never interleave, a read inside a write sees every earlier commit of any host,
/// and the stores' read-then-write steps (is this receipt recorded? is this message claimed?) stay atomic without
/// retries: a delegate runs exactly once, as on SQLite. The lock is released by the commit.
/// </summary>
public sealed class PostgresDatabase : IDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly WriteQueue writes;

    public PostgresDatabase(string connectionString)
    {
        DapperConfiguration.EnsureConfigured();
        dataSource = NpgsqlDataSource.Create(connectionString);
        writes = new WriteQueue(async cancellationToken => await OpenAsync(cancellationToken), BeginWriteAsync);
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Repeatable read gives every query in the read the same snapshot, as SQLite's deferred transaction does.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        return await work(connection, transaction);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        writes.EnqueueAsync(work, cancellationToken);

    /// <summary>Each migration is applied in a write transaction, so it holds the writer lock: two hosts starting together apply it once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken = default) => Migrator.ApplyAsync(this, "Postgres", cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<long>("SELECT 1;") == 1;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await writes.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    private async Task<DbTransaction> BeginWriteAsync(DbConnection connection)
    {
        // Read committed: each statement sees what was committed before it began, and every statement after the lock
        // began after the previous writer's commit.
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        try
        {
            // The key is the database and schema as the server resolves them, so every host writing to the same tables
            // takes the same lock however its connection string names them (and another schema takes another).
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('chama-writer/' || current_database() || '/' || current_schema(), 0));", transaction: transaction);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);
}
