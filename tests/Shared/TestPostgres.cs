using Npgsql;

namespace Chama.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: <c>CHAMA_TEST_POSTGRES</c>, or the role and database <c>.ci/run</c>
/// creates. Every test gets a schema of its own, dropped afterwards, so tests never see each other's rows.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "CHAMA_TEST_POSTGRES";

    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=chama;Password=chama;Database=chama_test";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>A new empty schema; the answer is a connection string whose search path is that schema.</summary>
    public static async Task<string> CreateSchemaAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {schema};");
        // A pool per schema: kept small, so the tests running side by side stay well inside the server's max_connections.
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { SearchPath = schema, MaxPoolSize = 10 }.ToString();
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
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception unreachable) when (unreachable is NpgsqlException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server at {server.Host}:{server.Port}, database {server.Database}, role {server.Username}. " +
                $"Start one as .ci/run does (apt-get install postgresql; pg_ctlcluster 15 main start; create the role and database, " +
                $"see README, Storage), or point {Variable} at another server. {unreachable.Message}",
                unreachable);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
