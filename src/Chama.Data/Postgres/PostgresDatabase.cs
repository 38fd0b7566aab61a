using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace Chama.Data.Postgres;

/// <summary>
/// A PostgreSQL database shared by any number of hosts. Reads run in parallel, each on one snapshot. Each write is its
/// own read-committed transaction on a pooled connection, so writes run in parallel up to the pool's size and the
/// server groups their commits. Writers collide only where they change the same thing: a write of a chama's rows enters
/// the chama first (<see cref="WriteScope.EnterChamaAsync"/>, an advisory lock held until the commit), so a chama's
/// read-then-write steps stay atomic across hosts and a delegate runs exactly once, never retried; writes that belong
/// to no chama claim their rows (<c>INSERT … ON CONFLICT</c>, <c>FOR UPDATE SKIP LOCKED</c>).
/// </summary>
public sealed class PostgresDatabase : IDatabase, IAsyncDisposable
{
    /// <summary>The pool's size unless the connection string sets one: the most reads and writes in flight per host.</summary>
    public const int DefaultMaxPoolSize = 32;

    /// <summary>Statements kept prepared per connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 256;

    private static readonly string[] PoolSizeKeys = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];
    private static readonly string[] AutoPrepareKeys = ["Max Auto Prepare", "MaxAutoPrepare"];
    private readonly NpgsqlDataSource dataSource;

    public PostgresDatabase(string connectionString)
    {
        DapperConfiguration.EnsureConfigured();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!PoolSizeKeys.Any(given.ContainsKey))
        {
            // Npgsql's default of 100 per host would let two hosts exhaust a default server's 100 connections.
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!AutoPrepareKeys.Any(given.ContainsKey))
        {
            // The stores send the same few hundred statements again and again: each is parsed and planned once per
            // connection, not on every use.
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // Nothing the stores set outlives its transaction (SET LOCAL, transaction-scoped locks and settings), so a
        // connection going back to the pool needs no session reset.
        builder.NoResetOnClose = true;

        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Repeatable read gives every query in the read the same snapshot, as SQLite's deferred transaction does.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        return await work(connection, transaction);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        WriteAsync(work, Durability.Flushed, cancellationToken);

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Durability durability, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Read committed: each statement sees what was committed before it began, so a statement after a chama's lock
        // sees every earlier commit of that chama.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (durability == Durability.Deferred)
        {
            await connection.ExecuteAsync("SET LOCAL synchronous_commit = off;", transaction: transaction);
        }

        // Once begun, a write runs to its commit: a caller that stops waiting does not leave it half done.
        try
        {
            var result = await work(connection, transaction);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            // Npgsql hands the same transaction object to the pooled connection's next transaction.
            WriteScope.Leave(transaction);
        }
    }

    /// <summary>Each migration is applied under the migrations' lock: two hosts starting together apply it once.</summary>
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

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);
}
