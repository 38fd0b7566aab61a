using Chama.Data.Postgres;
using Chama.Tests;
using Dapper;
using Npgsql;

namespace Chama.Data.Tests;

/// <summary>
/// Npgsql's real failures, classified as the host's 503 path needs them: a server that drops or refuses the connection
/// is unavailable; a write the server refuses for its content is not; the database serves again once it is back.
/// </summary>
public sealed class PostgresUnavailableTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync(Engine.Postgres);

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_connection_the_server_terminates_under_a_write_is_unavailability_and_the_next_write_succeeds()
    {
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync("SELECT pg_terminate_backend(pg_backend_pid());", transaction: transaction)));

        Assert.True(DatabaseUnavailable.Is(failed), failed.ToString());
        Assert.Equal(1, await db.Database.WriteAsync((connection, transaction) => connection.ExecuteScalarAsync<int>("SELECT 1;", transaction: transaction)));
    }

    [Fact]
    public async Task A_server_that_refuses_connections_is_unavailability()
    {
        // Port 1 on the loopback: nothing listens, so the connection is refused before any server answers.
        var nowhere = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = 1, Timeout = 2 }.ToString();
        await using var database = new PostgresDatabase(nowhere);

        var failed = await Assert.ThrowsAnyAsync<Exception>(() => database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync("SELECT 1;", transaction: transaction)));

        Assert.True(DatabaseUnavailable.Is(failed), failed.ToString());
        Assert.False(await database.IsReadyAsync());
    }

    [Fact]
    public async Task A_duplicate_refused_by_the_server_is_not_unavailability()
    {
        await db.SeedUmojaAsync();

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => db.Database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "INSERT INTO chamas (code, name, currency, created_at) VALUES ('UMOJA', 'Umoja again', 'KES', 0);", transaction: transaction)));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.False(DatabaseUnavailable.Is(duplicate));
    }
}
