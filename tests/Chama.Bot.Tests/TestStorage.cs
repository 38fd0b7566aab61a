using System.Data.Common;
using Chama.Tests;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chama.Bot.Tests;

/// <summary>
/// Where a test host keeps its data: a SQLite file in a fresh temporary folder, or a fresh schema on the test
/// PostgreSQL server. Several hosts may share one (a restarted host, or several hosts at once); its owner removes it.
/// </summary>
public sealed class TestStorage : IDisposable
{
    private TestStorage(Engine engine, string connectionString, string? folder)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Folder = folder;
    }

    public Engine Engine { get; }

    /// <summary>The host's <c>ConnectionStrings:Chama</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The SQLite file's folder; null on PostgreSQL.</summary>
    public string? Folder { get; }

    public static TestStorage Sqlite(string? folder = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "chama-bot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestStorage(Engine.Sqlite, $"Data Source={Path.Combine(folder, "chama.db")}", folder);
    }

    /// <summary>
    /// New storage on <paramref name="engine"/>. A PostgreSQL schema comes migrated, with the
    /// <see cref="ChamaWriteGuard"/> on it (so the host's own migration finds nothing to do), unless
    /// <paramref name="migrated"/> is false: then it is empty, for tests of hosts migrating it.
    /// </summary>
    public static TestStorage Create(Engine engine, bool migrated = true) =>
        engine == Engine.Postgres
            ? new TestStorage(engine, Task.Run(() => migrated ? TestPostgres.CreateMigratedSchemaAsync() : TestPostgres.CreateSchemaAsync()).GetAwaiter().GetResult(), folder: null)
            : Sqlite();

    /// <summary>
    /// A plain connection to the host's data, outside the host, to check what a request did or to seed rows; on
    /// PostgreSQL the <see cref="ChamaWriteGuard"/> lets it through.
    /// </summary>
    public DbConnection Connect() =>
        Engine == Engine.Postgres ? new NpgsqlConnection(ChamaWriteGuard.OutsideTheStores(ConnectionString)) : new SqliteConnection(ConnectionString);

    public void Dispose()
    {
        if (Engine == Engine.Postgres)
        {
            Task.Run(() => TestPostgres.DropSchemaAsync(ConnectionString)).GetAwaiter().GetResult();
            return;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
