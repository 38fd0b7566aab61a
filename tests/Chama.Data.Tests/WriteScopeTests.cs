using System.Data.Common;
using Chama.Tests;
using Dapper;
using Npgsql;

namespace Chama.Data.Tests;

/// <summary>
/// A write transaction enters one chama (<see cref="WriteScope"/>): on PostgreSQL it waits only for writes of that
/// chama, and the schema's guard refuses a write of a chama it did not enter. Chamas and rows are seeded outside the
/// stores, so these hold whatever the stores do.
/// </summary>
public abstract class WriteScopeTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;

    protected TestDatabase Db => db;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync(engine);

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_write_that_enters_two_chamas_is_refused()
    {
        var (umoja, harambee) = (await SeedChamaAsync("UMOJA"), await SeedChamaAsync("HARAMBEE"));

        var refused = await Assert.ThrowsAsync<WriteSpansChamasException>(() => db.Database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, umoja);
            await AuditAsync(connection, transaction, umoja);
            await WriteScope.EnterChamaAsync(transaction, harambee);
            return await AuditAsync(connection, transaction, harambee);
        }));

        Assert.Equal((umoja, harambee), (refused.First, refused.Second));
        Assert.Equal(0, await db.CountAsync("audit_log"));
    }

    [Fact]
    public async Task Writes_of_two_chamas_one_after_the_other_on_one_connection_each_enter_their_own()
    {
        var (umoja, harambee) = (await SeedChamaAsync("UMOJA"), await SeedChamaAsync("HARAMBEE"));
        // One pooled connection on PostgreSQL, so the second write runs where the first did.
        await using var single = (IAsyncDisposable)OneConnectionDatabase();
        var database = (IDatabase)single;

        foreach (var chama in new[] { umoja, harambee, umoja })
        {
            await database.WriteAsync(async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, chama);
                return await AuditAsync(connection, transaction, chama);
            });
        }

        Assert.Equal(3, await db.CountAsync("audit_log"));
    }

    /// <summary>A second database object on this data whose writes all run on one connection.</summary>
    private IDatabase OneConnectionDatabase() =>
        engine == Engine.Postgres
            ? new Postgres.PostgresDatabase(new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 1 }.ToString())
            : db.Open();

    /// <summary>A chama as a founding would leave it, written outside the stores.</summary>
    protected async Task<long> SeedChamaAsync(string code)
    {
        await using var connection = await db.ConnectAsync();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO chamas (code, name, currency, created_at) VALUES (@code, @code, 'KES', 0) RETURNING id;", new { code });
    }

    /// <summary>One row of <paramref name="chamaId"/>'s: a line of its audit trail.</summary>
    protected static Task<int> AuditAsync(DbConnection connection, DbTransaction transaction, long chamaId) =>
        connection.ExecuteAsync(
            "INSERT INTO audit_log (chama_id, channel, action, subject, at) VALUES (@chamaId, 'test', 'Tested', 'write scope', 0);", new { chamaId }, transaction);
}

public sealed class SqliteWriteScopeTests() : WriteScopeTests(Engine.Sqlite);

public sealed class PostgresWriteScopeTests() : WriteScopeTests(Engine.Postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_write_of_chama_B_commits_while_chama_A_is_locked()
    {
        var (a, b) = (await SeedChamaAsync("UMOJA"), await SeedChamaAsync("HARAMBEE"));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Db.Database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, a);
            var written = await AuditAsync(connection, transaction, a);
            entered.SetResult();
            await release.Task;
            return written;
        });
        try
        {
            await entered.Task.WaitAsync(Patience);

            await Db.Database.WriteAsync(async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, b);
                return await AuditAsync(connection, transaction, b);
            }).WaitAsync(Patience);
            var waiter = Db.Database.WriteAsync(async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, a);
                return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE chama_id = @a;", new { a }, transaction);
            });
            await WaitUntilSomeoneWaitsForAsync(a);

            Assert.False(waiter.IsCompleted);
            Assert.Equal(1, await CountAuditAsync(b));
            Assert.Equal(0, await CountAuditAsync(a));
            release.TrySetResult();
            await holder.WaitAsync(Patience);
            // It entered after the holder's commit, so it sees the holder's row.
            Assert.Equal(1, await waiter.WaitAsync(Patience));
        }
        finally
        {
            // Never leave the holder waiting: the schema could not be dropped under its open transaction.
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task A_write_of_a_chamas_rows_without_entering_it_is_refused_by_the_guard()
    {
        await GuardAsync();
        var (a, b) = (await SeedChamaAsync("UMOJA"), await SeedChamaAsync("HARAMBEE"));

        var unentered = await Assert.ThrowsAsync<PostgresException>(() => Db.Database.WriteAsync((connection, transaction) => AuditAsync(connection, transaction, a)));
        var elsewhere = await Assert.ThrowsAsync<PostgresException>(() => Db.Database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, b);
            return await AuditAsync(connection, transaction, a);
        }));

        Assert.Equal(ChamaWriteGuard.SqlState, unentered.SqlState);
        Assert.Contains("the transaction entered no chama", unentered.MessageText, StringComparison.Ordinal);
        Assert.Equal(ChamaWriteGuard.SqlState, elsewhere.SqlState);
        Assert.Contains($"the transaction entered chama {b}", elsewhere.MessageText, StringComparison.Ordinal);
        Assert.Equal(0, await Db.CountAsync("audit_log"));
        await Db.Database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, a);
            return await AuditAsync(connection, transaction, a);
        });
        Assert.Equal(1, await CountAuditAsync(a));
    }

    [Fact]
    public async Task The_guard_finds_a_rows_chama_through_its_parent()
    {
        await GuardAsync();
        var (a, b) = (await SeedChamaAsync("UMOJA"), await SeedChamaAsync("HARAMBEE"));
        var grace = await SeedMemberAsync(a);

        // officer_pins has no chama_id: its chama is its member's.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Db.Database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, b);
            return await SetPinAsync(connection, transaction, grace);
        }));
        await Db.Database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, a);
            return await SetPinAsync(connection, transaction, grace);
        });

        Assert.Equal(ChamaWriteGuard.SqlState, refused.SqlState);
        Assert.Contains("in officer_pins", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await Db.CountAsync("officer_pins"));
    }

    [Fact]
    public async Task The_guard_lets_a_new_chama_be_inserted_before_any_chama_is_entered()
    {
        await GuardAsync();

        var founded = await Db.Database.WriteAsync(async (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO chamas (code, name, currency, created_at) VALUES ('UMOJA', 'Umoja', 'KES', 0) RETURNING id;", transaction: transaction);
            await WriteScope.EnterChamaAsync(transaction, id);
            await AuditAsync(connection, transaction, id);
            return id;
        });

        Assert.Equal(1, await CountAuditAsync(founded));
    }

    /// <summary>The guard on this schema even where the switch left it off, so these tests always test it.</summary>
    private async Task GuardAsync()
    {
        if (!ChamaWriteGuard.IsOn)
        {
            await ChamaWriteGuard.InstallAsync(Db.ConnectionString);
        }
    }

    /// <summary>Until PostgreSQL shows a transaction queued behind <paramref name="chamaId"/>'s lock in this schema.</summary>
    private async Task WaitUntilSomeoneWaitsForAsync(long chamaId)
    {
        await using var connection = await Db.ConnectAsync();
        using var patience = new CancellationTokenSource(Patience);
        while (await connection.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
              AND classid = hashtext('chama/' || current_database() || '/' || current_schema())::oid AND objid::bigint = @chamaId;
            """,
            new { chamaId }) == 0)
        {
            await Task.Delay(10, patience.Token);
        }
    }

    private async Task<long> CountAuditAsync(long chamaId)
    {
        await using var connection = await Db.ConnectAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE chama_id = @chamaId;", new { chamaId });
    }

    private async Task<long> SeedMemberAsync(long chamaId)
    {
        await using var connection = await Db.ConnectAsync();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO members (chama_id, name, phone, receive_phone, seat, joined_at) VALUES (@chamaId, 'Grace', '+254712000001', '+254712000001', 1, 0) RETURNING id;",
            new { chamaId });
    }

    private static Task<int> SetPinAsync(DbConnection connection, DbTransaction transaction, long memberId) =>
        connection.ExecuteAsync("INSERT INTO officer_pins (member_id, pin_hash, updated_at) VALUES (@memberId, 'hash', 0);", new { memberId }, transaction);
}
