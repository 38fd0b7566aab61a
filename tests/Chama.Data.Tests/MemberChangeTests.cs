using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Disbursements;
using Chama.Data.MemberChanges;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// Officer roles and payout phones change only under the officers' quorum, by the one voting mechanism: never on one
/// officer's word, never with the member's own vote, and a new payout phone receives nothing until the delay has passed.
/// </summary>
public abstract class MemberChangeTests(Engine engine) : IAsyncLifetime
{
    private static readonly PhoneNumber SecondSim = PhoneNumber.Parse("0799000099");

    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private MemberChangeStore changes = null!;
    private ApprovalStore approvals = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        changes = new MemberChangeStore(db.Database, db.Chamas, db.Clock);
        approvals = new ApprovalStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_role_given_by_one_officer_waits_for_the_quorum_and_is_made_by_the_approval_that_reaches_it()
    {
        var proposed = await changes.ProposeAsync(umoja.Grace, umoja.Diana.Id, MemberRoles.Secretary, null, "test");

        Assert.Equal(MemberChangeOutcome.Recorded, proposed.Outcome);
        Assert.Equal((1, 2), (proposed.Change!.Approvals, proposed.Change.Required));
        Assert.False((await db.Chamas.FindMemberAsync(umoja.Diana.Id))!.IsOfficer);

        var made = await changes.DecideAsync(umoja.Patrick, DecisionKind.Role, proposed.Change.Id, Decision.Approve, null, "test");

        Assert.Equal(MemberChangeOutcome.Made, made.Outcome);
        Assert.Equal(MemberRoles.Secretary, (await db.Chamas.FindMemberAsync(umoja.Diana.Id))!.Roles);
        Assert.Equal(2, await db.CountAsync("decision_votes"));
        Assert.Equal(1, await db.CountAsync("member_changes"));
    }

    [Fact]
    public async Task An_officer_adding_a_member_cannot_make_them_an_officer_on_her_own()
    {
        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Chamas.AddMemberAsync(
            umoja.Chama.Id, new NewMember("Grace's second SIM", SecondSim.E164, 5, MemberRoles.Secretary), Actor.Member(umoja.Grace.Id, "dashboard")));

        Assert.Equal(ChamaError.OfficersMustDecide, error.Error);
        Assert.Empty(await db.Chamas.FindMembershipsAsync(SecondSim));
    }

    [Fact]
    public async Task A_sock_puppet_added_by_one_officer_cannot_vote_until_the_other_officers_make_them_one()
    {
        await FillRoundAsync(umoja.Round1);
        var puppet = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Grace's second SIM", SecondSim.E164, 5), Actor.Member(umoja.Grace.Id, "dashboard"));
        var proposed = await changes.ProposeAsync(umoja.Grace, puppet.Id, MemberRoles.Secretary, null, "dashboard");

        var (outcome, _) = await approvals.DecideAsync(puppet, ApprovalKind.Pot, umoja.Round1.Id, Decision.Approve, null, "whatsapp");
        var selfVote = await changes.DecideAsync(puppet, DecisionKind.Role, proposed.Change!.Id, Decision.Approve, null, "whatsapp");

        Assert.Equal(DecisionOutcome.NotAnOfficer, outcome);
        Assert.Equal(MemberChangeOutcome.NotAnOfficer, selfVote.Outcome);
        Assert.Equal(MemberRoles.Member, (await db.Chamas.FindMemberAsync(puppet.Id))!.Roles);
        Assert.Equal(1, await db.CountAsync("decision_votes"));
    }

    [Fact]
    public async Task The_member_whose_payout_phone_changes_cannot_vote_on_it_and_the_phone_stays_until_the_quorum_decides()
    {
        await MakeDianaSecretaryAsync();
        var proposed = await changes.ProposeAsync(umoja.Grace, umoja.Patrick.Id, null, SecondSim, "dashboard");

        var own = await changes.DecideAsync(umoja.Patrick, DecisionKind.PayoutPhone, proposed.Change!.Id, Decision.Approve, null, "whatsapp");

        Assert.Equal(MemberChangeOutcome.Concerned, own.Outcome);
        Assert.Equal(umoja.Patrick.ReceivePhone, (await db.Chamas.FindMemberAsync(umoja.Patrick.Id))!.ReceivePhone);
        var made = await changes.DecideAsync(umoja.Diana, DecisionKind.PayoutPhone, proposed.Change.Id, Decision.Approve, null, "whatsapp");
        Assert.Equal(MemberChangeOutcome.Made, made.Outcome);
        Assert.Equal(SecondSim, (await db.Chamas.FindMemberAsync(umoja.Patrick.Id))!.ReceivePhone);
    }

    [Fact]
    public async Task An_officers_own_change_carries_no_vote_of_theirs()
    {
        await MakeDianaSecretaryAsync();

        var proposed = await changes.ProposeAsync(umoja.Grace, umoja.Grace.Id, null, SecondSim, "dashboard");

        Assert.Equal(MemberChangeOutcome.Recorded, proposed.Outcome);
        Assert.Equal(0, proposed.Change!.Approvals);
        Assert.Equal(MemberChangeOutcome.Recorded, (await changes.DecideAsync(umoja.Patrick, DecisionKind.PayoutPhone, proposed.Change.Id, Decision.Approve, null, "t")).Outcome);
        Assert.Equal(MemberChangeOutcome.Made, (await changes.DecideAsync(umoja.Diana, DecisionKind.PayoutPhone, proposed.Change.Id, Decision.Approve, null, "t")).Outcome);
    }

    [Fact]
    public async Task A_new_payout_phone_receives_nothing_until_the_constitutions_delay_after_the_change()
    {
        await MakeDianaSecretaryAsync();
        var proposed = await changes.ProposeAsync(umoja.Grace, umoja.Patrick.Id, null, SecondSim, "dashboard");
        await changes.DecideAsync(umoja.Diana, DecisionKind.PayoutPhone, proposed.Change!.Id, Decision.Approve, null, "whatsapp");
        await FillRoundAsync(umoja.Round2);
        await approvals.DecideAsync(umoja.Grace, ApprovalKind.Pot, umoja.Round2.Id, Decision.Approve, null, "whatsapp");
        await approvals.DecideAsync(await DianaAsync(), ApprovalKind.Pot, umoja.Round2.Id, Decision.Approve, null, "whatsapp");
        var payouts = new DisbursementStore(db.Database, db.Clock);

        db.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Empty(await payouts.ClaimApprovedAsync(10));

        db.Clock.Advance(TimeSpan.FromHours(1));
        var sent = Assert.Single(await payouts.ClaimApprovedAsync(10));
        Assert.Equal(SecondSim, sent.ReceivePhone);
    }

    [Fact]
    public async Task A_payout_phone_does_not_change_under_approvals_already_given_for_a_payout_to_the_member()
    {
        await MakeDianaSecretaryAsync();
        await FillRoundAsync(umoja.Round1);
        await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Pot, umoja.Round1.Id, Decision.Approve, null, "test");
        var proposed = await changes.ProposeAsync(umoja.Patrick, umoja.Grace.Id, null, SecondSim, "dashboard");
        var votes = await db.CountAsync("decision_votes");

        var refused = await changes.DecideAsync(await DianaAsync(), DecisionKind.PayoutPhone, proposed.Change!.Id, Decision.Approve, null, "whatsapp");

        Assert.Equal(MemberChangeOutcome.PayoutBeingApproved, refused.Outcome);
        Assert.Equal(umoja.Grace.ReceivePhone, (await db.Chamas.FindMemberAsync(umoja.Grace.Id))!.ReceivePhone);
        Assert.Equal(votes, await db.CountAsync("decision_votes"));
    }

    [Fact]
    public async Task An_approval_given_by_an_officer_whose_role_was_removed_mid_vote_no_longer_counts()
    {
        await MakeDianaSecretaryAsync();
        // A fourth officer, from the operator's terminal: without Patrick, every pot still finds two officers to approve it.
        await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "0711000004", 4, MemberRoles.Secretary), TestDatabase.Treasurer);
        await FillRoundAsync(umoja.Round1);
        await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Pot, umoja.Round1.Id, Decision.Approve, null, "whatsapp");
        var removal = await changes.ProposeAsync(umoja.Grace, umoja.Patrick.Id, MemberRoles.Member, null, "dashboard");
        await changes.DecideAsync(await DianaAsync(), DecisionKind.Role, removal.Change!.Id, Decision.Approve, null, "whatsapp");

        var pending = await approvals.FindAsync(umoja.Chama.Id, ApprovalKind.Pot, umoja.Round1.Id);

        Assert.Equal(0, pending!.Approvals);
        var (late, _) = await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Pot, umoja.Round1.Id, Decision.Approve, null, "whatsapp");
        Assert.Equal(DecisionOutcome.NotAnOfficer, late);
    }

    [Fact]
    public async Task Taking_away_a_role_the_quorum_needs_is_refused_when_proposed_and_records_nothing()
    {
        await MakeDianaSecretaryAsync();
        var proposals = await db.CountAsync("member_change_proposals");

        var refused = await Assert.ThrowsAsync<ChamaException>(() => changes.ProposeAsync(umoja.Grace, umoja.Patrick.Id, MemberRoles.Member, null, "dashboard"));

        Assert.Equal(ChamaError.QuorumUnreachable, refused.Error);
        Assert.Equal(proposals, await db.CountAsync("member_change_proposals"));
        Assert.Equal(MemberRoles.Chair, (await db.Chamas.FindMemberAsync(umoja.Patrick.Id))!.Roles);
    }

    [Fact]
    public async Task One_officer_cannot_move_another_officers_sign_in_phone_to_a_sim_of_her_own()
    {
        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Chamas.UpdateMemberAsync(
            umoja.Chama.Id, umoja.Patrick.Id, new NewMember("Patrick Ochieng", SecondSim.E164, 2, MemberRoles.Chair), Actor.Member(umoja.Grace.Id, "dashboard")));

        Assert.Equal(ChamaError.OfficersMustDecide, error.Error);
        Assert.Equal(umoja.Patrick.Phone, (await db.Chamas.FindMemberAsync(umoja.Patrick.Id))!.Phone);
    }

    [Fact]
    public async Task Asking_for_what_the_member_has_or_for_a_change_already_waiting_records_nothing()
    {
        var first = await changes.ProposeAsync(umoja.Grace, umoja.Diana.Id, MemberRoles.Secretary, null, "test");

        var same = await changes.ProposeAsync(umoja.Patrick, umoja.Diana.Id, MemberRoles.Secretary, null, "test");
        var nothing = await changes.ProposeAsync(umoja.Grace, umoja.Samuel.Id, MemberRoles.Member, null, "test");

        Assert.Equal((MemberChangeOutcome.AlreadyProposed, first.Change!.Id), (same.Outcome, same.Change!.Id));
        Assert.Equal(MemberChangeOutcome.NoChange, nothing.Outcome);
        Assert.Equal(1, await db.CountAsync("member_change_proposals"));
    }

    private async Task MakeDianaSecretaryAsync()
    {
        var proposed = await changes.ProposeAsync(umoja.Grace, umoja.Diana.Id, MemberRoles.Secretary, null, "test");
        Assert.Equal(MemberChangeOutcome.Made, (await changes.DecideAsync(umoja.Patrick, DecisionKind.Role, proposed.Change!.Id, Decision.Approve, null, "test")).Outcome);
    }

    private async Task<Member> DianaAsync() => (await db.Chamas.FindMemberAsync(umoja.Diana.Id))!;

    private async Task FillRoundAsync(Round round)
    {
        foreach (var member in umoja.Members)
        {
            await db.Ledger.RecordAsync(umoja.Pay(member, 10_000, $"QKJ{round.Number}HT8MP{member.Seat}", round), TestDatabase.Treasurer);
        }
    }
}

public sealed class SqliteMemberChangeTests() : MemberChangeTests(Engine.Sqlite);

public sealed class PostgresMemberChangeTests() : MemberChangeTests(Engine.Postgres);
