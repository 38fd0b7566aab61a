using System.Globalization;
using Chama.Data.Postgres;
using Npgsql;

namespace Chama.Bot.Benchmarks.Databases;

/// <summary>
/// Where each run's fresh database comes from: SQLite files in temporary folders, and PostgreSQL schemas on the server
/// <c>--connection</c> names or, without it, on a private server started on first use and stopped on dispose.
/// </summary>
internal sealed class EngineDatabases(string? givenPostgres) : IAsyncDisposable
{
    /// <summary>The server settings the report prints, as the server itself reports them.</summary>
    private static readonly string[] ReportedSettings =
        ["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "commit_delay", "max_connections", "shared_buffers", "wal_buffers"];

    private PrivateServer? privateServer;
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
            privateServer = await PrivateServer.StartAsync();
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
