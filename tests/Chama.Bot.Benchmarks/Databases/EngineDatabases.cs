using System.Globalization;
using Chama.Data.Postgres;
using Chama.Tests;
using Npgsql;

namespace Chama.Bot.Benchmarks.Databases;

/// <summary>
/// Where each run's fresh database comes from: SQLite files in temporary folders, and PostgreSQL schemas on the server
/// <c>--connection</c> names or, without it, on a private server (the tests' <see cref="PrivatePostgres"/>, with
/// <see cref="DurableSettings"/>) started on first use and stopped on dispose.
/// </summary>
internal sealed class EngineDatabases(string? givenPostgres) : IAsyncDisposable
{
    /// <summary>
    /// As an operator would run it on this machine: durable commits (fsync, synchronous_commit, full-page writes:
    /// PostgreSQL's defaults, named so a reader sees them), so every commit waits for its WAL on disk as SQLite's money
    /// writes do and the engines compare fairly; room for a host's pool of 32 and the benchmark's own connections; a
    /// modest buffer cache for a small shared machine. Everything else is the server's default.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DurableSettings = new Dictionary<string, string>
    {
        ["fsync"] = "on",
        ["synchronous_commit"] = "on",
        ["full_page_writes"] = "on",
        ["max_connections"] = "100",
        ["shared_buffers"] = "256MB",
    };

    /// <summary>The server settings the report prints, as the server itself reports them.</summary>
    private static readonly string[] ReportedSettings =
        ["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "commit_delay", "max_connections", "shared_buffers", "wal_buffers"];

    private PrivatePostgres? privateServer;
    private string? postgresDescription;

    public async Task<RunDatabase> FreshAsync(string provider)
    {
        if (provider == "Sqlite")
        {
            return RunDatabase.SqliteFile();
        }

        var server = await PostgresServerAsync();
        return await RunDatabase.PostgresSchemaAsync(server, postgresDescription!);
    }

    public async ValueTask DisposeAsync()
    {
        if (privateServer is not null)
        {
            await privateServer.DisposeAsync();
        }
    }

    private async Task<string> PostgresServerAsync()
    {
        if (givenPostgres is { } given)
        {
            postgresDescription ??= "the server --connection names";
            return given;
        }

        if (privateServer is null)
        {
            privateServer = await PrivatePostgres.StartAsync(owner: Environment.ProcessId, DurableSettings);
            postgresDescription = $"a private server on 127.0.0.1:{privateServer.Port}";
        }

        return privateServer.ConnectionString;
    }

    /// <summary>The server's version and durability, connection and memory settings, one line each, for the report.</summary>
    public async Task<IReadOnlyList<string>> DescribePostgresAsync()
    {
        var server = await PostgresServerAsync();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        var lines = new List<string> { $"server: PostgreSQL {connection.PostgreSqlVersion}, {postgresDescription}" };
        await using var command = new NpgsqlCommand("SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(@names) ORDER BY array_position(@names, name);", connection);
        command.Parameters.AddWithValue("names", ReportedSettings);
        await using var reader = await command.ExecuteReaderAsync();
        var settings = new List<string>();
        while (await reader.ReadAsync())
        {
            settings.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        }

        lines.Add("settings: " + string.Join(", ", settings));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"host pool: {PostgresDatabase.DefaultMaxPoolSize} connections (Npgsql's Maximum Pool Size, the host's default)"));
        return lines;
    }
}
