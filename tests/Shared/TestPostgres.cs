using Chama.Data.Postgres;
using Npgsql;

namespace Chama.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: the one <c>CHAMA_TEST_POSTGRES</c> names, or else the test run's own
/// <see cref="PrivatePostgres"/> cluster. Every test gets a schema of its own, dropped afterwards, so tests never see each
/// other's rows.
/// </summary>
public static class TestPostgres
{
    private static string? Configured => Environment.GetEnvironmentVariable(PrivatePostgres.ServerVariable) is { Length: > 0 } configured ? configured : null;

    public static async Task<string> ServerConnectionStringAsync() =>
        Configured ?? (await PrivatePostgres.EnsureStartedAsync()).ConnectionString;

    /// <summary>A new empty schema; the answer is a connection string whose search path is that schema.</summary>
    public static async Task<string> CreateSchemaAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {schema};");
        // A pool per schema: kept small, so the tests running side by side stay well inside the server's max_connections.
        return new NpgsqlConnectionStringBuilder(await ServerConnectionStringAsync()) { SearchPath = schema, MaxPoolSize = 10 }.ToString();
    }

    /// <summary>
    /// A new schema with every migration applied, as a host would leave it, and the <see cref="ChamaWriteGuard"/> on
    /// it unless switched off: tests of a database a host has already migrated start here.
    /// </summary>
    public static async Task<string> CreateMigratedSchemaAsync()
    {
        var connectionString = await CreateSchemaAsync();
        await using (var database = new PostgresDatabase(connectionString))
        {
            await database.MigrateAsync();
        }

        if (ChamaWriteGuard.IsOn)
        {
            await ChamaWriteGuard.InstallAsync(connectionString);
        }

        return connectionString;
    }

    public static async Task DropSchemaAsync(string connectionString)
    {
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath;
        // The schema's idle pooled connections would otherwise stay open until the pool prunes them.
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE;");
    }

    private static async Task ExecuteAsync(string sql)
    {
        var server = await ServerConnectionStringAsync();
        await using var connection = new NpgsqlConnection(server);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception unreachable) when (unreachable is NpgsqlException or TimeoutException)
        {
            var named = new NpgsqlConnectionStringBuilder(server);
            throw new InvalidOperationException(
                $"The PostgreSQL tests could not reach {named.Host}:{named.Port}, database {named.Database}, role {named.Username}" +
                (Configured is null ? " (the run's own cluster). " : $", which {PrivatePostgres.ServerVariable} names. Unset it to let the tests start a server of their own. ") +
                unreachable.Message,
                unreachable);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
