using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>The constitution changed by reply: a proposal, the officers' quorum, and a new version with who and when.</summary>
public abstract class ConstitutionTests : IDisposable
{
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected ConstitutionTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_rule_change_needs_the_quorum_and_becomes_a_new_version_with_who_and_when()
    {
        var demo = await Demo.LoadAsync(factory);
        var chamas = factory.Get<ChamaStore>();
        Assert.Equal(Money.Kes(0), (await chamas.FindChamaAsync(demo.Chama.Id))!.Constitution.LateFine);

        var proposed = await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");
        Assert.Contains("You proposed R1: the late fine to KES 200. Approvals 1/2", proposed);
        Assert.Single(await factory.Get<ConstitutionStore>().GetVersionsAsync(demo.Chama.Id));
        Assert.Equal(Money.Kes(0), (await chamas.FindChamaAsync(demo.Chama.Id))!.Constitution.LateFine);
        Assert.Contains(
            await factory.Get<Outbox>().ListForPhoneAsync(demo.Grace.Phone),
            m => m.Body.Contains("Patrick Ochieng proposes a change to the Umoja Investment Club constitution, R1: the late fine to KES 200.", StringComparison.Ordinal));
        Assert.Empty(await factory.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone));

        factory.Clock.Advance(TimeSpan.FromHours(3));
        var approved = await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1");

        Assert.Contains("You approved R1 (2 of 2). In force now as constitution version 2: the late fine to KES 200.", approved);
        var versions = await factory.Get<ConstitutionStore>().GetVersionsAsync(demo.Chama.Id);
        Assert.Equal(2, versions.Count);
        Assert.Equal((2, (long?)demo.Grace.Id, factory.Clock.GetUtcNow(), (long?)1), (versions[1].Version, versions[1].ChangedByMemberId, versions[1].ChangedAt, versions[1].ProposalId));
        Assert.Equal(versions[0].Rules with { LateFine = Money.Kes(200) }, versions[1].Rules);

        // The chama read from memory a moment ago is forgotten: the new version is in force at once in this process.
        Assert.Equal(Money.Kes(200), (await chamas.FindChamaAsync(demo.Chama.Id))!.Constitution.LateFine);
        Assert.Contains("R1 is not waiting for a decision.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVE R1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'rule.proposed'"));
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'rule.approve'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'constitution.changed'"));
    }

    [Fact]
    public async Task Rules_lists_the_constitution_in_force_by_its_numbered_clauses_in_the_members_language()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.WithLateFineAsync(factory, dailyCap: 1_000);

        var rules = await channels.WhatsAppAsync(Phones.Samuel, "RULES");

        Assert.StartsWith(
            """
            Umoja Investment Club constitution:
            Rule 1: contribution KES 10,000 a member, every month.
            Rule 2: pay by the round's meeting date; 3 days' grace after it.
            Rule 3: late fine KES 200 for each day late after the grace, up to KES 1,000 a round. Fines go to the welfare fund.
            Rule 4: welfare levy KES 0; a welfare payout never exceeds what the welfare fund holds.
            Rule 5: a payout needs 2 officers' approval, never the recipient's own.
            Rule 6: an approved welfare payout waits 12 hours, during which any officer can cancel it.
            Rule 7: every member can see who is pending.
            Rule 8: a member who leaves before their pot is refunded what they paid this cycle, less 0% and fines owed, from the pot of the round that was to be theirs; the rest of that pot goes to the welfare fund.
            """,
            rules);
        var kanuni = await channels.WhatsAppAsync(Phones.Diana, "kanuni");
        Assert.StartsWith("Katiba ya Umoja Investment Club:\nKanuni 1: mchango KES 10,000", kanuni);
        Assert.Contains("\nKanuni 8: ", kanuni);

        // A rule in force after the officers' quorum is what the list shows next.
        await channels.WhatsAppAsync(Phones.Patrick, "RULE PENDING OFF");
        await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1");
        Assert.Contains("Rule 7: only officers can see who is pending.", await channels.WhatsAppAsync(Phones.Samuel, "RULES"));
    }

    [Fact]
    public async Task A_rejected_proposal_changes_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        await channels.WhatsAppAsync(Phones.Patrick, "RULE QUORUM 1");

        Assert.Contains("Give a reason: REJECT R1 <reason>.", await channels.WhatsAppAsync(Phones.Grace, "REJECT R1"));
        Assert.Contains("You rejected R1: two signatures on every payout. The constitution is unchanged.", await channels.WhatsAppAsync(Phones.Grace, "REJECT R1 two signatures on every payout"));
        Assert.Contains("R1 is not waiting for a decision.", await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1"));

        Assert.Single(await factory.Get<ConstitutionStore>().GetVersionsAsync(demo.Chama.Id));
        Assert.Equal(2, (await factory.Get<ChamaStore>().FindChamaAsync(demo.Chama.Id))!.Constitution.ApprovalsRequired);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'rule.reject'"));
    }

    [Fact]
    public async Task A_rule_the_chama_cannot_run_by_is_refused()
    {
        Assert.Contains("The chama cannot run by that rule.", await channels.WhatsAppAsync(Phones.Patrick, "RULE QUORUM 0"));
        Assert.Contains("Write RULE and one rule", await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE lots"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "constitution_proposals"));
    }

    [Fact]
    public async Task A_member_who_is_not_an_officer_cannot_propose_or_vote()
    {
        var demo = await Demo.LoadAsync(factory);

        Assert.Contains("Only the chama's officers can propose or decide on a rule change.", await channels.WhatsAppAsync(Phones.Samuel, "RULE FINE 200"));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");
        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, "APPROVE R1"));
        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, "KATAA R1 hapana"));

        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "constitution_proposals"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Rule'"));
        Assert.Single(await factory.Get<ConstitutionStore>().GetVersionsAsync(demo.Chama.Id));
        Assert.Contains("You have already decided on R1.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVE R1"));
    }

    [Fact]
    public async Task A_quorum_of_officers_where_one_is_the_recipient_needs_another_officer()
    {
        // Three officers, a quorum of two: Grace (treasurer) receives round 1, so Patrick and Esther must both approve.
        var demo = await Demo.LoadAsync(factory);
        var secretary = await factory.Get<ChamaStore>().AddMemberAsync(
            demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";

        Assert.Contains("the payout is to you", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE {code}"));
        Assert.Contains($"You approved {code} (1 of 2).", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        Assert.Empty(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));

        Assert.Contains($"You approved {code} (2 of 2). It is fully approved", await channels.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}"));
        Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));
    }

    [Fact]
    public async Task A_quorum_raised_to_three_applies_to_the_next_decision()
    {
        var demo = await Demo.LoadAsync(factory);
        var secretary = await factory.Get<ChamaStore>().AddMemberAsync(
            demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE QUORUM 3");
        Assert.Contains("In force now as constitution version 2", await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1"));
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";

        // Grace receives round 1 and never counts: with three officers in all, a quorum of three cannot be reached.
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}");
        Assert.Contains($"You approved {code} (2 of 3).", await channels.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}"));
        var pending = await factory.Get<ApprovalStore>().FindAsync(demo.Chama.Id, ApprovalKind.Pot, demo.Rounds[0].Id);
        Assert.False(pending!.IsApproved);
    }

    [Fact]
    public async Task A_contribution_change_mid_round_applies_from_the_next_cycle()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8M01");
        var dueBefore = await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        await channels.WhatsAppAsync(Phones.Samuel, "MENU");

        await channels.WhatsAppAsync(Phones.Patrick, "RULE CONTRIBUTION 12000");
        Assert.Contains("In force now as constitution version 2", await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1"));
        Assert.Equal(Money.Kes(12_000), (await factory.Get<ChamaStore>().FindChamaAsync(demo.Chama.Id))!.Constitution.ContributionAmount);

        // The running cycle keeps the amount it started with, in the round already started and in the rounds after it.
        Assert.Equal(dueBefore, await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        var cycles = factory.Get<CycleStore>();
        var running = (await cycles.FindActiveCycleAsync(demo.Chama.Id))!;
        Assert.All(await cycles.GetRoundsAsync(running.Id), round => Assert.Equal(Money.Kes(40_000), round.ExpectedPot));

        await cycles.CloseCycleAsync(running.Id, Actor.System("test"));
        var next = await cycles.StartCycleAsync(demo.Chama.Id, new DateOnly(2026, 5, 1), Actor.System("test"));
        Assert.All(await cycles.GetRoundsAsync(next.Id), round => Assert.Equal(Money.Kes(48_000), round.ExpectedPot));
    }

    [Fact]
    public async Task Frequency_levy_welfare_limit_and_exit_deduction_change_by_the_quorum_and_the_running_cycle_keeps_its_dates()
    {
        var demo = await Demo.LoadAsync(factory);
        foreach (var (rule, n) in new[] { ("RULE FREQUENCY WEEKLY", 1), ("RULE LEVY 100", 2), ("RULE WELFARELIMIT 5000", 3), ("RULE EXIT 10", 4) })
        {
            await channels.WhatsAppAsync(Phones.Patrick, rule);
            Assert.Contains($"In force now as constitution version {n + 1}", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE R{n}"));
        }

        var rules = await channels.WhatsAppAsync(Phones.Samuel, "RULES");
        Assert.Contains("Rule 1: contribution KES 10,000 a member, every week.", rules);
        Assert.Contains("Rule 4: welfare levy KES 100; a welfare payout never exceeds what the welfare fund holds, nor KES 5,000.", rules);
        Assert.Contains("less 10% and fines owed, from the pot of the round that was to be theirs", rules);

        // The running cycle keeps the monthly dates it was planned with.
        Assert.Equal(demo.Rounds.Select(r => r.DueDate), (await factory.Get<CycleStore>().GetRoundsAsync(demo.Rounds[0].CycleId)).Select(r => r.DueDate));

        // A welfare request above the limit is refused, quoting the rule, and asked again.
        await channels.WhatsAppAsync(Phones.Samuel, "WELFARE");
        await channels.WhatsAppAsync(Phones.Samuel, "1");
        Assert.StartsWith("Rule 4: a welfare payout is at most KES 5,000.", await channels.WhatsAppAsync(Phones.Samuel, "6000"));
        Assert.DoesNotContain("Rule 4", await channels.WhatsAppAsync(Phones.Samuel, "5000"));

        // An exit recorded now is refunded less the new deduction.
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8M01");
        await channels.WhatsAppAsync(Phones.Samuel, "MENU");
        Assert.Contains("Refund owed: KES 3,600 (Rule 8: less 10% exit deduction", await channels.WhatsAppAsync(Phones.Grace, "EXIT 4 moved to Mombasa"));
    }

    [Fact]
    public async Task A_fine_change_made_during_a_round_applies_from_the_next_round()
    {
        var demo = await Demo.LoadAsync(factory);

        // 10 February, during round 2 (due 28 February): the late fine becomes KES 200.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 10, 9, 0, 0, NairobiTime.Offset));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");
        Assert.Contains("In force now", await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1"));
        var scheduler = factory.Get<Chama.Bot.Notifications.FineScheduler>();
        var fines = factory.Get<Chama.Data.Fines.FineStore>();

        // Nobody pays. Rounds 1 and 2 began before the change: past their grace periods, still no fine.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 9, 0, 0, NairobiTime.Offset));
        await scheduler.RunOnceAsync(default);
        Assert.Empty(await fines.GetForCycleAsync(demo.Rounds[0].CycleId));

        // Round 3 began on 1 March, under the new rule: its members are fined once its grace has ended.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 4, 9, 0, 0, NairobiTime.Offset));
        await scheduler.RunOnceAsync(default);
        var charged = await fines.GetForCycleAsync(demo.Rounds[0].CycleId);
        Assert.Equal(4, charged.Count);
        Assert.All(charged, f => Assert.Equal((demo.Rounds[2].Id, Money.Kes(200)), (f.RoundId, f.Amount)));
    }
}

public sealed class SqliteConstitutionTests() : ConstitutionTests(Engine.Sqlite);

public sealed class PostgresConstitutionTests() : ConstitutionTests(Engine.Postgres);
