using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Chama.Data.Sqlite;

/// <summary>
/// One SQLite file in WAL mode. Reads run on pooled connections in parallel; every write goes through one
/// <see cref="WriteQueue"/>, because SQLite has one writer at a time and Microsoft.Data.Sqlite answers a busy
/// database by sleeping 150 ms per retry.
/// </summary>
public sealed class SqliteDatabase : IDatabase, IAsyncDisposable
{
    private const int BusyTimeoutMilliseconds = 5000;
    private static readonly object Prepared = new();
    private readonly string connectionString;
    private readonly WriteQueue writes;
    private readonly long? maxSizeBytes;

    /// <summary>
    /// The physical connections (native handles, which the pool hands out again and again) whose pragmas are set. The
    /// table holds them weakly: a handle the pool closes and drops leaves it with its wrapper.
    /// </summary>
    private readonly ConditionalWeakTable<object, object> prepared = [];

    /// <param name="connectionString">Microsoft.Data.Sqlite's connection string; pooling and foreign keys are turned on.</param>
    /// <param name="maxSizeBytes">
    /// A cap on the file's size (SQLite's <c>max_page_count</c>): a write that would grow the file beyond it fails as on
    /// a full disk, so a runaway table cannot take the space the system needs. Null for no cap.
    /// </param>
    public SqliteDatabase(string connectionString, long? maxSizeBytes = null)
    {
        this.maxSizeBytes = maxSizeBytes;
        DapperConfiguration.EnsureConfigured();
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        EnsureDirectoryExists(builder.DataSource);
        this.connectionString = builder.ToString();
        DataSource = builder.DataSource;
        writes = new WriteQueue(async cancellationToken => await OpenAsync(cancellationToken), BeginWriteAsync);
    }

    public string DataSource { get; }

    public async Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A deferred transaction gives every query in the read the same WAL snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await work(connection, transaction);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        writes.EnqueueAsync(work, Durability.Flushed, cancellationToken);

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Durability durability, CancellationToken cancellationToken = default) =>
        writes.EnqueueAsync(work, durability, cancellationToken);

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using (var connection = await OpenAsync(cancellationToken))
        {
            // WAL is a property of the file: set once, it stays.
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }

        await Migrator.ApplyAsync(this, "Sqlite", cancellationToken);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<long>("SELECT 1;") == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => writes.DisposeAsync();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // These pragmas belong to the connection, not the file, and last as long as it: a pooled connection opened
            // again keeps them, so they are set once per physical connection. Foreign keys are on by the connection
            // string, which the provider applies when it opens one.
            var handle = connection.Handle!;
            if (!prepared.TryGetValue(handle, out _))
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA synchronous=FULL;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (maxSizeBytes is { } cap)
                {
                    // The cap is counted in pages and, like the pragmas above, belongs to the connection.
                    var pageSize = await connection.ExecuteScalarAsync<long>("PRAGMA page_size;");
                    command.CommandText = $"PRAGMA max_page_count={Math.Max(1, cap / pageSize)};";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                prepared.AddOrUpdate(handle, Prepared);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<DbTransaction> BeginWriteAsync(DbConnection connection, Durability durability)
    {
        // In WAL mode NORMAL commits without syncing the log; the next FULL commit syncs it, with every frame before it.
        await connection.ExecuteAsync(durability == Durability.Deferred ? "PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=FULL;");
        // BeginTransaction() issues BEGIN IMMEDIATE: the file's write lock is taken before the first statement.
        return ((SqliteConnection)connection).BeginTransaction();
    }

    private static void EnsureDirectoryExists(string dataSource)
    {
        if (dataSource is "" or ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
