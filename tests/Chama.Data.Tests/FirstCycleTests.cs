using Chama.Core;
using Chama.Data.MemberChanges;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// A chama before its first cycle: its chair names the first officers alone, and the cycle starts only when it is ready.
/// From the first cycle on, roles change only under the officers' quorum.
/// </summary>
public abstract class FirstCycleTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private MemberChangeStore changes = null!;
    private ChamaGroup jirani = null!;
    private Member chair = null!;
    private Member treasurer = null!;
    private Member member = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        changes = new MemberChangeStore(db.Database, db.Chamas, db.Clock);
        jirani = await db.Chamas.CreateChamaAsync("Jirani Savings", "JIRANI", Constitution.Monthly(Money.Kes(500)), TestDatabase.Treasurer);
        chair = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Wanjiru Achieng", "0701000001", 1, MemberRoles.Chair), TestDatabase.Treasurer);
        treasurer = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Otieno Omondi", "0701000002", 2, MemberRoles.Treasurer), TestDatabase.Treasurer);
        member = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Akinyi Atieno", "0701000003", 3), TestDatabase.Treasurer);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Before_the_first_cycle_the_chair_names_an_officer_alone()
    {
        var named = await changes.ProposeAsync(chair, member.Id, MemberRoles.Secretary, null, "test");

        Assert.Equal(MemberChangeOutcome.Made, named.Outcome);
        Assert.Equal(MemberRoles.Secretary, (await db.Chamas.FindMemberAsync(member.Id))!.Roles);
        Assert.Equal(0, await db.CountAsync("decision_votes"));
        Assert.Equal(1, await db.CountAsync("member_changes"));
    }

    [Fact]
    public async Task Before_the_first_cycle_another_officer_still_needs_the_quorum()
    {
        var proposed = await changes.ProposeAsync(treasurer, member.Id, MemberRoles.Secretary, null, "test");

        Assert.Equal(MemberChangeOutcome.Recorded, proposed.Outcome);
        Assert.Equal(MemberRoles.Member, (await db.Chamas.FindMemberAsync(member.Id))!.Roles);
    }

    [Fact]
    public async Task From_the_first_cycle_on_the_chairs_naming_waits_for_the_quorum()
    {
        var kamau = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Kamau Njoroge", "0701000004", 4), TestDatabase.Treasurer);
        await changes.ProposeAsync(chair, member.Id, MemberRoles.Secretary, null, "test");
        await db.Cycles.StartReadyCycleAsync(jirani.Id, NairobiTime.Today(db.Clock), TestDatabase.Treasurer);

        var proposed = await changes.ProposeAsync(chair, kamau.Id, MemberRoles.Secretary, null, "test");

        Assert.Equal(MemberChangeOutcome.Recorded, proposed.Outcome);
        Assert.Equal(MemberRoles.Member, (await db.Chamas.FindMemberAsync(kamau.Id))!.Roles);
    }

    [Fact]
    public async Task A_cycle_that_is_not_ready_is_refused_and_nothing_is_written()
    {
        var today = NairobiTime.Today(db.Clock);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => db.Cycles.StartReadyCycleAsync(jirani.Id, today.AddDays(-1), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.CycleNotReady, refused.Error);
        var readiness = Assert.IsType<CycleReadiness>(refused.Facts);
        Assert.Equal([CycleGap.QuorumUnreachable, CycleGap.MeetingPassed], readiness.Gaps);
        Assert.Equal(0, await db.CountAsync("cycles"));
        Assert.Equal(0, await db.CountAsync("rounds"));
    }

    [Fact]
    public async Task The_readiness_shown_before_a_start_is_what_the_start_would_find()
    {
        var today = NairobiTime.Today(db.Clock);
        Assert.Equal([CycleGap.QuorumUnreachable], (await db.Cycles.ReadinessAsync(jirani.Id, today)).Gaps);

        await changes.ProposeAsync(chair, member.Id, MemberRoles.Secretary, null, "test");

        Assert.True((await db.Cycles.ReadinessAsync(jirani.Id, today)).IsReady);
        var cycle = await db.Cycles.StartReadyCycleAsync(jirani.Id, today, TestDatabase.Treasurer);
        Assert.Equal(3, (await db.Cycles.GetRoundsAsync(cycle.Id)).Count);
    }
}

public sealed class SqliteFirstCycleTests() : FirstCycleTests(Engine.Sqlite);

public sealed class PostgresFirstCycleTests() : FirstCycleTests(Engine.Postgres);
