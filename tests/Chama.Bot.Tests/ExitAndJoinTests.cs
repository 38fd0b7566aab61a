using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;
using Chama.Data.Outbox;

namespace Chama.Bot.Tests;

/// <summary>Members leaving mid-cycle by an officer's reply, and members joining from the next cycle.</summary>
public sealed class ExitAndJoinTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public ExitAndJoinTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_officer_records_an_exit_and_the_member_no_longer_owes_future_rounds()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKJ4HT8M01");

        var reply = await channels.WhatsAppAsync(Phones.Grace, "EXIT 4 moved to Mombasa");
        Assert.Contains("Samuel Kimani (seat 4) has left the chama. Reason: moved to Mombasa", reply);
        Assert.Contains("They paid KES 4,000 this cycle. Refund owed: KES 4,000 (Rule 8: less 0% exit deduction and fines owed). It is paid from the pot of round 4, their round", reply);
        Assert.Contains("From round 1 no contribution is expected from them.", reply);
        var notice = Assert.Single(await OutboxAsync(demo.Samuel));
        Assert.Contains("Hello Samuel Kimani, Grace Wanjiku has recorded that you have left Umoja Investment Club. Reason: moved to Mombasa", notice.Body);
        Assert.Contains("You are owed a refund of KES 4,000", notice.Body);

        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "member_exits", $"member_id = {demo.Samuel.Id} AND from_round = 1 AND received_pot = 0 AND paid_minor = 400000 AND refund_minor = 400000 AND outstanding_minor = 0"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "members", $"id = {demo.Samuel.Id} AND active = 0"));

        // His turn stays his (history is not rewritten), but no round expects his contribution any more.
        var cycleId = demo.Rounds[0].CycleId;
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await factory.Get<CycleStore>().GetRoundsAsync(cycleId)).Select(r => r.RecipientMemberId));
        var summaries = await factory.Get<ContributionLedger>().GetCycleSummariesAsync(cycleId);
        Assert.All(summaries, s => Assert.Equal(Money.Kes(30_000), s.ExpectedPot));
        Assert.All(summaries, s => Assert.DoesNotContain(s.Defaulters, d => d.Member.Id == demo.Samuel.Id));
        Assert.Equal(Money.Kes(4_000), summaries[0].Collected);

        var pending = await channels.WhatsAppAsync(Phones.Grace, "PENDING");
        Assert.DoesNotContain("Samuel", pending);
        Assert.Contains("Collected: KES 4,000 / 30,000", pending);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => demo.PayAsync(factory, demo.Samuel, 6_000, "QKJ4HT8M02"));
        Assert.Equal(ChamaError.MemberInactive, refused.Error);
    }

    [Fact]
    public async Task A_member_who_has_received_the_pot_leaves_owing_the_rest()
    {
        var demo = await Demo.LoadAsync(factory);
        var secretary = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}");
        await channels.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}");
        Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));

        var reply = await channels.WhatsAppAsync(Phones.Patrick, "EXIT 1 relocating abroad");
        Assert.Contains("Grace Wanjiku (seat 1) has left the chama.", reply);
        Assert.Contains("They received their pot: they still owe KES 30,000 for the rounds they have not paid.", reply);
        Assert.Contains("From round 2 no contribution is expected from them.", reply);
        Assert.Contains(await OutboxAsync(demo.Grace), m => m.Body.Contains("You received your pot this cycle, so you still owe KES 30,000", StringComparison.Ordinal));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "member_exits", $"member_id = {demo.Grace.Id} AND from_round = 2 AND received_pot = 1 AND refund_minor = 0 AND outstanding_minor = 3000000"));

        // Round 1 reads as it stood; the rounds after it expect the three who remain.
        var summaries = await factory.Get<ContributionLedger>().GetCycleSummariesAsync(demo.Rounds[0].CycleId);
        Assert.Equal(Money.Kes(40_000), summaries[0].ExpectedPot);
        Assert.Equal(Money.Kes(10_000), summaries[0].For(demo.Grace.Id)!.Paid);
        Assert.All(summaries.Skip(1), s => Assert.Equal(Money.Kes(30_000), s.ExpectedPot));
        Assert.All(summaries.Skip(1), s => Assert.DoesNotContain(s.Defaulters, d => d.Member.Id == demo.Grace.Id));
    }

    [Fact]
    public async Task Only_officers_record_exits_and_it_is_audited()
    {
        var demo = await Demo.LoadAsync(factory);
        var before = await DatabaseProbe.SnapshotAsync(factory);
        Assert.Contains("Only the chama's officers can record a member's exit.", await channels.WhatsAppAsync(Phones.Samuel, "EXIT 3 she left"));
        Assert.Contains("Give a reason, up to 140 characters: EXIT 3 <reason>.", await channels.WhatsAppAsync(Phones.Grace, "EXIT 3"));
        Assert.Contains("You cannot record your own exit; another officer can.", await channels.WhatsAppAsync(Phones.Grace, "EXIT 1 leaving"));
        Assert.Contains("No active member sits on seat 9. Nothing was changed.", await channels.WhatsAppAsync(Phones.Grace, "EXIT 9 nobody"));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        // Diana is the secretary: a fourth officer lets her leave with every pot still able to reach its quorum.
        await factory.Get<ChamaStore>().UpdateMemberAsync(
            demo.Chama.Id, demo.Samuel.Id, new NewMember(demo.Samuel.Name, Phones.Samuel, demo.Samuel.Seat, MemberRoles.Secretary), Actor.System("test"));
        Assert.Contains("Diana Mwangi (seat 3) has left the chama. Reason: amehamia Mombasa", await channels.WhatsAppAsync(Phones.Patrick, "ONDOA 3 amehamia Mombasa"));
        // Diana reads Swahili: she is told in it.
        var notice = Assert.Single(await OutboxAsync(demo.Diana));
        Assert.Contains("Habari Diana Mwangi, Patrick Ochieng amerekodi kwamba umeondoka kwenye Umoja Investment Club. Sababu: amehamia Mombasa", notice.Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory, "audit_log", $"action = 'member.exited' AND actor_member_id = {demo.Patrick.Id} AND subject LIKE '% member:{demo.Diana.Id} seat:3 %'"));

        // Recorded once: the seat has no active member any more.
        Assert.Contains("No active member sits on seat 3. Nothing was changed.", await channels.WhatsAppAsync(Phones.Grace, "EXIT 3 again"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "member_exits"));
    }

    [Fact]
    public async Task A_member_added_mid_cycle_joins_from_the_next_cycle_and_the_running_pot_is_unchanged()
    {
        var demo = await Demo.LoadAsync(factory);
        var cycles = factory.Get<CycleStore>();
        var esther = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5), Actor.System("test"));

        var cycleId = demo.Rounds[0].CycleId;
        Assert.Equal(demo.Rounds, await cycles.GetRoundsAsync(cycleId));
        var summaries = await factory.Get<ContributionLedger>().GetCycleSummariesAsync(cycleId);
        Assert.All(summaries, s => Assert.Equal(Money.Kes(40_000), s.ExpectedPot));
        Assert.All(summaries, s => Assert.Null(s.For(esther.Id)));

        await cycles.CloseCycleAsync(cycleId, Actor.System("test"));
        var next = await cycles.StartCycleAsync(demo.Chama.Id, new DateOnly(2026, 6, 30), Actor.System("test"));
        var rounds = await cycles.GetRoundsAsync(next.Id);
        Assert.Equal([demo.Grace.Id, demo.Patrick.Id, demo.Diana.Id, demo.Samuel.Id, esther.Id], rounds.Select(r => r.RecipientMemberId));
        Assert.All(rounds, r => Assert.Equal(Money.Kes(50_000), r.ExpectedPot));
    }

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(Member member) => factory.Get<Outbox>().ListForPhoneAsync(member.Phone);
}
