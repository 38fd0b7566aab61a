using Chama.Data.Conversations;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// A conversation step saves its session without waiting for the disk only when it changed nothing else
/// (<see cref="StepWrites"/>, seen through <see cref="StepWritesDatabase"/>).
/// </summary>
public sealed class StepWritesTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_step_that_only_read_saves_its_session_deferred()
    {
        var database = new StepWritesDatabase(db.Database);
        var step = StepWrites.Begin();

        await database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>("SELECT 1;", transaction: transaction));

        Assert.Equal(Durability.Deferred, step.SessionDurability);
    }

    [Fact]
    public async Task A_step_that_wrote_durably_saves_its_session_flushed()
    {
        var database = new StepWritesDatabase(db.Database);
        var step = StepWrites.Begin();

        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO dashboard_sign_outs (session_id, expires_at) VALUES ('s1', 1);", transaction: transaction));

        Assert.Equal(Durability.Flushed, step.SessionDurability);
        Assert.Equal(1, await db.CountAsync("dashboard_sign_outs"));
    }

    [Fact]
    public async Task A_deferred_write_does_not_make_the_session_flushed_and_is_kept()
    {
        var database = new StepWritesDatabase(db.Database);
        var step = StepWrites.Begin();

        await database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "INSERT INTO dashboard_sign_outs (session_id, expires_at) VALUES ('s2', 1);", transaction: transaction),
            Durability.Deferred);

        Assert.Equal(Durability.Deferred, step.SessionDurability);
        Assert.Equal(1, await db.CountAsync("dashboard_sign_outs"));
    }

    [Fact]
    public async Task A_step_does_not_see_the_writes_of_another_step()
    {
        var database = new StepWritesDatabase(db.Database);
        var reading = StepWrites.Begin();

        await Task.Run(async () =>
        {
            StepWrites.Begin();
            await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
                "INSERT INTO dashboard_sign_outs (session_id, expires_at) VALUES ('s3', 1);", transaction: transaction));
        });

        Assert.Equal(Durability.Deferred, reading.SessionDurability);
    }
}
