using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chama.Bot.Benchmarks.Databases;

/// <summary>One run's fresh, empty database: the host's <c>Database:Provider</c> and connection string, removed on dispose.</summary>
internal sealed class RunDatabase(string provider, string connectionString, string description, Func<Task> remove) : IAsyncDisposable
{
    public string Provider => provider;

    public string ConnectionString => connectionString;

    /// <summary>The engine and where its data lives, for the report (never a connection string: it may hold a password).</summary>
    public string Description => description;

    /// <summary>A SQLite file in a temporary folder of its own.</summary>
    public static RunDatabase SqliteFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chama-bot-benchmark", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new RunDatabase("Sqlite", $"Data Source={Path.Combine(folder, "chama.db")}", "SQLite, a fresh file in a temp folder", () =>
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>A new schema in the server's database: the host migrates it from nothing, as a fresh database.</summary>
    public static async Task<RunDatabase> PostgresSchemaAsync(string serverConnection, string serverDescription)
    {
        var schema = $"bench_{Guid.NewGuid():N}";
        await ExecuteAsync(serverConnection, $"CREATE SCHEMA {schema};");
        var connection = new NpgsqlConnectionStringBuilder(serverConnection) { SearchPath = schema }.ConnectionString;
        // Dropped once the run's host has ended and closed its pool.
        return new RunDatabase("Postgres", connection, $"PostgreSQL, {serverDescription}, a fresh schema", () =>
            ExecuteAsync(serverConnection, $"DROP SCHEMA IF EXISTS {schema} CASCADE;"));
    }

    public async ValueTask DisposeAsync() => await remove();

    private static async Task ExecuteAsync(string serverConnection, string sql)
    {
        await using var connection = new NpgsqlConnection(serverConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
