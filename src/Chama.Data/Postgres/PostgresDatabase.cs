using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
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
    private readonly long writerLock;

    public PostgresDatabase(string connectionString)
    {
        DapperConfiguration.EnsureConfigured();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        writerLock = WriterLockKey(builder.Database, builder.SearchPath);
        dataSource = NpgsqlDataSource.Create(builder);
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

    /// <summary>
    /// The advisory lock key: the same for every host on one database and schema, whatever process computes it
    /// (string.GetHashCode differs per process), and different for another schema on the same server.
    /// </summary>
    private static long WriterLockKey(string? database, string? searchPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"chama-writer/{database}/{searchPath}"));
        return BitConverter.ToInt64(hash, 0);
    }

    private async Task<DbTransaction> BeginWriteAsync(DbConnection connection)
    {
        // Read committed: each statement sees what was committed before it began, and every statement after the lock
        // began after the previous writer's commit.
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        try
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@writerLock);", new { writerLock }, transaction);
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
