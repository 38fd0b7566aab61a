using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// A member joining the running cycle by the officers' quorum: the appended round, the ledger that follows (expected
/// pots, what the joiner owes, fines, payments, statements), and every refusal changing nothing.
/// </summary>
public abstract class CycleJoinTests(Engine engine) : IAsyncLifetime
{
    private static readonly Constitution Rules = Constitution.Monthly(Money.Kes(10_000)) with { LateFine = Money.Kes(200) };

    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private CycleJoinStore joins = null!;
    private Member esther = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Rules);
        joins = new CycleJoinStore(db.Database, db.Clock);
        esther = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5), TestDatabase.Treasurer);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task One_approval_is_not_enough_when_the_quorum_is_two()
    {
        var proposed = await joins.ProposeAsync(umoja.Grace, 5, "test");

        Assert.Equal(JoinOutcome.Recorded, proposed.Outcome);
        Assert.Equal((1, 2), (proposed.Proposal!.Approvals, proposed.Proposal.Required));
        Assert.Equal(4, (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Count);
        Assert.Equal(0, await db.CountAsync("cycle_joins"));
    }

    [Fact]
    public async Task The_quorum_appends_the_joiners_round_one_period_after_the_last()
    {
        var proposed = await joins.ProposeAsync(umoja.Grace, 5, "test");
        var decided = await joins.DecideAsync(umoja.Patrick, proposed.Proposal!.Id, Decision.Approve, null, "test");

        Assert.Equal(JoinOutcome.Joined, decided.Outcome);
        var rounds = await db.Cycles.GetRoundsAsync(umoja.Cycle.Id);
        Assert.Equal(umoja.Rounds, rounds.Take(4));
        var own = rounds[^1];
        Assert.Equal((5, esther.Id, new DateOnly(2026, 5, 31)), (own.Number, own.RecipientMemberId, own.DueDate));
        Assert.Equal(new CycleJoin(esther.Id, 1, 5), decided.Proposal!.Join);
        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'member.joined_cycle' AND actor_member_id = {umoja.Patrick.Id}"));
    }

    [Fact]
    public async Task Rounds_from_the_first_expect_the_joiner_and_earlier_rounds_are_unchanged()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        await JoinAsync();

        var summaries = await db.Ledger.GetCycleSummariesAsync(umoja.Cycle.Id);
        Assert.Equal(Money.Kes(40_000), summaries[0].ExpectedPot);
        Assert.Equal(Money.Zero("KES"), summaries[0].For(esther.Id)!.Due);
        Assert.DoesNotContain(summaries[0].Defaulters, d => d.Member.Id == esther.Id);
        Assert.All(summaries.Skip(1), s => Assert.Equal(Money.Kes(50_000), s.ExpectedPot));
        Assert.All(summaries.Skip(1), s => Assert.Equal(Money.Kes(10_000), s.For(esther.Id)!.Due));
        Assert.Equal(esther.Id, summaries[^1].Recipient.Id);

        // The stored pots of the rounds made before the join are never rewritten.
        Assert.Equal(umoja.Rounds.Select(r => r.ExpectedPot), (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Take(4).Select(r => r.ExpectedPot));
    }

    [Fact]
    public async Task A_joiner_whose_first_round_follows_the_round_due_today_pays_into_their_first_round()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 31, 9, 0, 0, NairobiTime.Offset));
        await JoinAsync();
        var today = new DateOnly(2026, 1, 31);

        Assert.Equal(umoja.Round1.Id, (await db.Cycles.FindCurrentRoundAsync(umoja.Chama.Id, today))!.Id);
        Assert.Equal(umoja.Round1.Id, (await db.Cycles.FindRoundToPayAsync(umoja.Chama.Id, umoja.Grace.Id, today))!.Id);
        Assert.Equal(umoja.Round2.Id, (await db.Cycles.FindRoundToPayAsync(umoja.Chama.Id, esther.Id, today))!.Id);
    }

    [Fact]
    public async Task A_joiner_is_not_fined_for_rounds_before_their_first()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        await JoinAsync();
        var fines = new FineStore(db.Database, db.Clock);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8M01", umoja.Round2), TestDatabase.Treasurer);

        db.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        var round1 = await fines.ChargeAsync(umoja.Chama, umoja.Round1);
        var round2 = await fines.ChargeAsync(umoja.Chama, umoja.Round2);

        Assert.Equal([umoja.Grace.Id, umoja.Patrick.Id, umoja.Diana.Id, umoja.Samuel.Id], round1.Select(f => f.MemberId));
        Assert.Equal([umoja.Patrick.Id, umoja.Diana.Id, umoja.Samuel.Id, esther.Id], round2.Select(f => f.MemberId));
    }

    [Fact]
    public async Task A_payment_into_a_round_before_the_first_moves_on_to_the_first()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        await JoinAsync();

        await db.Ledger.RecordAsync(umoja.Pay(esther, 10_000, "QKJ4HT8M02"), TestDatabase.Treasurer);

        var summaries = await db.Ledger.GetCycleSummariesAsync(umoja.Cycle.Id);
        Assert.Equal(Money.Zero("KES"), summaries[0].For(esther.Id)!.Paid);
        Assert.Equal(Money.Zero("KES"), summaries[0].Collected);
        Assert.Equal(PaymentStatus.Paid, summaries[1].For(esther.Id)!.Status);
        var statement = (await new MemberStatements(db.Database).FindAsync(esther, new DateOnly(2026, 2, 5)))!;
        Assert.Equal((Money.Zero("KES"), Money.Zero("KES")), (statement.Arrears, statement.DueNow));
    }

    [Fact]
    public async Task A_payment_whose_round_was_read_before_the_join_counts_the_joiner()
    {
        // A busy settlement reads the round's context before it takes the writer; a join may land in between.
        var context = await db.Database.ReadAsync((_, transaction) => RoundContext.LoadAsync(transaction, umoja.Round1.Id));
        await JoinAsync();

        await db.Database.WriteAsync((_, transaction) => ContributionLedger.RecordAsync(
            transaction, umoja.Pay(esther, 10_000, "QKJ4HT8M03"), TestDatabase.Treasurer, db.Clock.GetUtcNow(), known: context));

        var summary = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);
        Assert.Equal((Money.Kes(50_000), PaymentStatus.Paid), (summary.ExpectedPot, summary.For(esther.Id)!.Status));
    }

    [Fact]
    public async Task A_decline_ends_the_proposal_and_changes_no_round()
    {
        var secretary = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Faith Achieng", "0700000006", 6, MemberRoles.Secretary), TestDatabase.Treasurer);
        var proposed = await joins.ProposeAsync(umoja.Grace, 5, "test");

        Assert.Equal(JoinOutcome.NoReason, (await joins.DecideAsync(umoja.Patrick, proposed.Proposal!.Id, Decision.Reject, " ", "test")).Outcome);
        Assert.Equal(JoinOutcome.Rejected, (await joins.DecideAsync(umoja.Patrick, proposed.Proposal.Id, Decision.Reject, "wait for cycle 2", "test")).Outcome);
        Assert.Equal(JoinOutcome.NotOpen, (await joins.DecideAsync(secretary, proposed.Proposal.Id, Decision.Approve, null, "test")).Outcome);

        Assert.Equal(4, (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Count);
        Assert.Equal(0, await db.CountAsync("cycle_joins"));
        Assert.Equal(2, await db.CountAsync("decision_votes"));
    }

    [Fact]
    public async Task The_joining_members_own_vote_does_not_count()
    {
        var officer = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Faith Achieng", "0700000006", 6, MemberRoles.Secretary), TestDatabase.Treasurer);
        var proposed = await joins.ProposeAsync(umoja.Grace, 6, "test");

        var own = await joins.DecideAsync(officer, proposed.Proposal!.Id, Decision.Approve, null, "test");

        Assert.Equal(JoinOutcome.OwnJoin, own.Outcome);
        Assert.Equal(1, await db.CountAsync("decision_votes"));
        Assert.Equal(0, await db.CountAsync("cycle_joins"));
        Assert.Equal(JoinOutcome.OwnJoin, (await joins.ProposeAsync(officer, 6, "test")).Outcome);
    }

    [Fact]
    public async Task Approving_again_or_a_retried_approval_changes_nothing_twice()
    {
        var proposal = await JoinAsync();
        var audit = await db.CountAsync("audit_log");

        Assert.Equal(JoinOutcome.NotOpen, (await joins.DecideAsync(umoja.Patrick, proposal.Id, Decision.Approve, null, "test")).Outcome);
        Assert.Equal(JoinOutcome.AlreadyInRotation, (await joins.ProposeAsync(umoja.Patrick, 5, "test")).Outcome);
        Assert.Equal(5, (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Count);
        Assert.Equal(audit, await db.CountAsync("audit_log"));

        // The database itself refuses a second join of the same member to the same cycle.
        await using var connection = await db.ConnectAsync();
        var error = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            $"INSERT INTO cycle_joins (cycle_id, member_id, from_round, own_round, proposal_id, at) VALUES ({umoja.Cycle.Id}, {esther.Id}, 2, 6, {proposal.Id}, 0);"));
        Assert.True(db.IsUniqueViolation(error));
    }

    [Fact]
    public async Task Refused_proposals_change_nothing()
    {
        var before = await TotalsAsync();

        Assert.Equal(JoinOutcome.NotAnOfficer, (await joins.ProposeAsync(umoja.Diana, 5, "test")).Outcome);
        Assert.Equal(JoinOutcome.UnknownMember, (await joins.ProposeAsync(umoja.Grace, 9, "test")).Outcome);
        Assert.Equal(JoinOutcome.AlreadyInRotation, (await joins.ProposeAsync(umoja.Grace, 3, "test")).Outcome);
        Assert.Equal(JoinOutcome.OwnJoin, (await joins.ProposeAsync(umoja.Grace, 1, "test")).Outcome);
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 30, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(JoinOutcome.NoRoundLeft, (await joins.ProposeAsync(umoja.Grace, 5, "test")).Outcome);
        await db.Cycles.CloseCycleAsync(umoja.Cycle.Id, TestDatabase.Treasurer);
        before = before with { Audit = before.Audit + 1 };
        Assert.Equal(JoinOutcome.NoRunningCycle, (await joins.ProposeAsync(umoja.Grace, 5, "test")).Outcome);

        Assert.Equal(before, await TotalsAsync());
    }

    [Fact]
    public async Task A_member_who_left_before_the_approval_does_not_join()
    {
        var proposed = await joins.ProposeAsync(umoja.Grace, 5, "test");
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 5, "moved away", "test");

        var decided = await joins.DecideAsync(umoja.Patrick, proposed.Proposal!.Id, Decision.Approve, null, "test");

        Assert.Equal(JoinOutcome.UnknownMember, decided.Outcome);
        Assert.Equal(1, await db.CountAsync("decision_votes"));
        Assert.Equal(4, (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Count);
    }

    [Fact]
    public async Task A_joiner_starts_after_every_round_whose_pot_is_being_approved_or_already_divided()
    {
        var approvals = new Chama.Data.Approvals.ApprovalStore(db.Database, db.Clock);
        var n = 0;
        foreach (var member in umoja.Members)
        {
            await db.Ledger.RecordAsync(umoja.Pay(member, 10_000, $"QKJ4HT8N{++n:00}", umoja.Round2), TestDatabase.Treasurer);
        }

        await approvals.DecideAsync(umoja.Grace, ApprovalKind.Pot, umoja.Round2.Id, Decision.Approve, null, "test");

        Assert.Equal(3, (await JoinAsync()).Join!.FromRound);
        Assert.Equal(Money.Kes(40_000), (await db.Ledger.GetRoundSummaryAsync(umoja.Round2.Id)).ExpectedPot);
    }

    [Fact]
    public async Task No_join_is_left_once_the_last_round_is_divided_for_a_leaver()
    {
        var approvals = new Chama.Data.Approvals.ApprovalStore(db.Database, db.Clock);
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        var n = 0;
        foreach (var member in new[] { umoja.Grace, umoja.Patrick, umoja.Diana })
        {
            await db.Ledger.RecordAsync(umoja.Pay(member, 10_000, $"QKJ4HT8N{++n:00}", umoja.Rounds[3]), TestDatabase.Treasurer);
        }

        await approvals.DecideAsync(umoja.Grace, ApprovalKind.Pot, umoja.Rounds[3].Id, Decision.Approve, null, "test");
        await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Pot, umoja.Rounds[3].Id, Decision.Approve, null, "test");

        Assert.Equal(JoinOutcome.NoRoundLeft, (await joins.ProposeAsync(umoja.Grace, 5, "test")).Outcome);
        Assert.Equal(0, await db.CountAsync("cycle_join_proposals"));
    }

    private async Task<JoinProposal> JoinAsync()
    {
        var proposed = await joins.ProposeAsync(umoja.Grace, 5, "test");
        var decided = await joins.DecideAsync(umoja.Patrick, proposed.Proposal!.Id, Decision.Approve, null, "test");
        Assert.Equal(JoinOutcome.Joined, decided.Outcome);
        return decided.Proposal!;
    }

    private Task<long> CountAsync(string tableAndFilter) => db.CountAsync(tableAndFilter);

    private async Task<Totals> TotalsAsync() => new(
        await db.CountAsync("cycle_join_proposals"), await db.CountAsync("decision_votes"), await db.CountAsync("cycle_joins"), await db.CountAsync("rounds"), await db.CountAsync("audit_log"));

    private sealed record Totals(long Proposals, long Votes, long Joins, long Rounds, long Audit);
}

public sealed class SqliteCycleJoinTests() : CycleJoinTests(Engine.Sqlite);

public sealed class PostgresCycleJoinTests() : CycleJoinTests(Engine.Postgres);
