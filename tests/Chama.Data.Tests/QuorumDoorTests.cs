using Chama.Core;
using Chama.Data.Chamas;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// Every door that changes the officers or the quorum refuses a state in which some payout could not reach its quorum
/// (the officers who may vote on a pot are the officers other than its recipient), and changes nothing.
/// </summary>
public abstract class QuorumDoorTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private ConstitutionStore constitutions = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        constitutions = new ConstitutionStore(db.Database, db.Chamas, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<Member> MakeOfficerAsync(Member member, MemberRoles role) =>
        db.Chamas.UpdateMemberAsync(umoja.Chama.Id, member.Id, new NewMember(member.Name, member.Phone.E164, member.Seat, role, member.Language), TestDatabase.Treasurer);

    private async Task<int> QuorumInForceAsync() => (await db.Chamas.FindChamaAsync(umoja.Chama.Id))!.Constitution.ApprovalsRequired;

    [Fact]
    public async Task A_quorum_the_officers_could_not_reach_on_their_own_pots_is_refused_when_proposed()
    {
        var diana = await MakeOfficerAsync(umoja.Diana, MemberRoles.Secretary);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => constitutions.ProposeAsync(diana, new RuleChange(ConstitutionRule.Quorum, 3), "test"));

        Assert.Equal(ChamaError.QuorumUnreachable, refused.Error);
        Assert.Contains("lower the approvals required to 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountAsync("constitution_proposals"));
    }

    [Fact]
    public async Task A_quorum_that_became_unreachable_while_proposed_is_refused_at_the_vote_that_would_put_it_in_force()
    {
        var diana = await MakeOfficerAsync(umoja.Diana, MemberRoles.Secretary);
        var samuel = await MakeOfficerAsync(umoja.Samuel, MemberRoles.Secretary);
        var (_, proposal) = await constitutions.ProposeAsync(diana, new RuleChange(ConstitutionRule.Quorum, 3), "test");
        await MakeOfficerAsync(samuel, MemberRoles.Member);
        var votes = await db.CountAsync("decision_votes");

        var refused = await Assert.ThrowsAsync<ChamaException>(() => constitutions.DecideAsync(umoja.Patrick, proposal!.Id, Decision.Approve, null, "test"));

        Assert.Equal(ChamaError.QuorumUnreachable, refused.Error);
        Assert.Equal(2, await QuorumInForceAsync());
        Assert.Equal(votes, await db.CountAsync("decision_votes"));
    }

    [Fact]
    public async Task A_quorum_every_payout_can_reach_comes_into_force()
    {
        var diana = await MakeOfficerAsync(umoja.Diana, MemberRoles.Secretary);
        var (_, proposal) = await constitutions.ProposeAsync(diana, new RuleChange(ConstitutionRule.Quorum, 1), "test");

        var (outcome, _) = await constitutions.DecideAsync(umoja.Patrick, proposal!.Id, Decision.Approve, null, "test");

        Assert.Equal(RuleOutcome.InForce, outcome);
        Assert.Equal(1, await QuorumInForceAsync());
    }

    [Fact]
    public async Task Taking_away_an_officer_role_the_quorum_needs_is_refused()
    {
        await MakeOfficerAsync(umoja.Diana, MemberRoles.Secretary);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => MakeOfficerAsync(umoja.Patrick, MemberRoles.Member));

        Assert.Equal(ChamaError.QuorumUnreachable, refused.Error);
        Assert.Contains("Grace Wanjiku", refused.Message, StringComparison.Ordinal);
        Assert.Equal(MemberRoles.Chair, (await db.Chamas.FindMemberAsync(umoja.Patrick.Id))!.Roles);
    }

    [Fact]
    public async Task An_officer_role_the_quorum_can_spare_may_be_taken_away()
    {
        await MakeOfficerAsync(umoja.Diana, MemberRoles.Secretary);
        var samuel = await MakeOfficerAsync(umoja.Samuel, MemberRoles.Secretary);

        var plain = await MakeOfficerAsync(samuel, MemberRoles.Member);

        Assert.False(plain.IsOfficer);
    }

    [Fact]
    public async Task A_chama_already_short_of_officers_may_still_correct_a_members_name()
    {
        var renamed = await db.Chamas.UpdateMemberAsync(
            umoja.Chama.Id, umoja.Grace.Id, new NewMember("Grace W. Kamau", "0712000001", 1, MemberRoles.Treasurer), TestDatabase.Treasurer);

        Assert.Equal("Grace W. Kamau", renamed.Name);
    }

    [Fact]
    public async Task The_exit_of_an_officer_the_quorum_needs_is_refused()
    {
        var diana = await MakeOfficerAsync(umoja.Diana, MemberRoles.Secretary);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => new MemberExitStore(db.Database, db.Clock).RecordAsync(diana, 2, "moved to Kisumu", "test"));

        Assert.Equal(ChamaError.QuorumUnreachable, refused.Error);
        Assert.True((await db.Chamas.FindMemberAsync(umoja.Patrick.Id))!.Active);
        Assert.Equal(0, await db.CountAsync("member_exits"));
    }

    [Fact]
    public async Task The_exit_of_a_plain_member_is_not_held_up_by_the_quorum()
    {
        var exit = await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");

        Assert.Equal(umoja.Samuel.Id, exit.Member.Id);
    }
}

public sealed class SqliteQuorumDoorTests() : QuorumDoorTests(Engine.Sqlite);

public sealed class PostgresQuorumDoorTests() : QuorumDoorTests(Engine.Postgres);
