using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>An officer's decision and the messages telling of it are written in one transaction: both or neither.</summary>
public abstract class OfficerNoticeTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task An_exit_is_recorded_with_its_notice_queued_in_the_same_write()
    {
        var exit = await new MemberExitStore(db.Database, db.Clock).RecordAsync(
            umoja.Grace, 4, "moved to Mombasa", "test", recorded => [new OutboundMessage($"member-exit:{recorded.Id}", umoja.Chama.Id, recorded.Member.Id, recorded.Member.Phone, "You have left.")]);

        Assert.Equal(1, await db.CountAsync("member_exits"));
        Assert.Contains($"member-exit:{exit.Id}", await new Outbox.Outbox(db.Database, db.Clock).KeysLikeAsync("member-exit:%"));
    }

    [Fact]
    public async Task An_exit_whose_notice_cannot_be_written_is_not_recorded()
    {
        var outboxBefore = await db.CountAsync("outbound_messages");

        await Assert.ThrowsAsync<InvalidOperationException>(() => new MemberExitStore(db.Database, db.Clock).RecordAsync(
            umoja.Grace, 4, "moved to Mombasa", "test", _ => throw new InvalidOperationException("the notice could not be built")));

        Assert.Equal(0, await db.CountAsync("member_exits"));
        Assert.True((await db.Chamas.FindMemberAsync(umoja.Samuel.Id))!.Active);
        Assert.Equal(outboxBefore, await db.CountAsync("outbound_messages"));
    }
}

public sealed class SqliteOfficerNoticeTests() : OfficerNoticeTests(Engine.Sqlite);

public sealed class PostgresOfficerNoticeTests() : OfficerNoticeTests(Engine.Postgres);
