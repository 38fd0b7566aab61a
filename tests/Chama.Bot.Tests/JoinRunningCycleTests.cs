using Chama.Bot.Notifications;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Data.Outbox;

namespace Chama.Bot.Tests;

/// <summary>Officers bringing a new member into the running cycle by reply, through the real WhatsApp webhook.</summary>
public sealed class JoinRunningCycleTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public JoinRunningCycleTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Officers_bring_a_member_into_the_running_cycle_and_she_owes_from_the_next_round_on()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.WithLateFineAsync(factory);
        var esther = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5), Actor.System("test"));
        var cycleId = demo.Rounds[0].CycleId;

        // 1 February, 09:00 in Nairobi: round 1 was due yesterday, so she joins from round 2.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 6, 0, 0, TimeSpan.Zero));
        var proposed = await channels.WhatsAppAsync(Phones.Grace, "JOIN 5");
        Assert.Contains(
            "You proposed J1: Esther Njeri (seat 5) joins the running cycle from round 2 (due 28 Feb 2026) and receives the pot in a new round 5 on 31 May 2026. Rule 5: approvals 1/2",
            proposed);
        Assert.Contains(await OutboxAsync(demo.Patrick), m => m.Body.StartsWith("Hello Patrick Ochieng, Grace Wanjiku proposes J1: Esther Njeri (seat 5) joins the running cycle of Umoja Investment Club", StringComparison.Ordinal));
        Assert.Equal(4, (await factory.Get<CycleStore>().GetRoundsAsync(cycleId)).Count);
        Assert.Contains("Only the chama's officers can", await channels.WhatsAppAsync(Phones.Samuel, "IDHINISHA J1"));

        var approved = await channels.WhatsAppAsync(Phones.Patrick, "APPROVE J1");
        Assert.Contains(
            "You approved J1 (2 of 2). Esther Njeri is in the running cycle now: they pay KES 10,000 from round 2 (due 28 Feb 2026) and receive the pot in the new round 5 on 31 May 2026.",
            approved);
        var notice = Assert.Single(await OutboxAsync(esther));
        Assert.Equal($"cycle-join:1:{esther.Id}", notice.IdempotencyKey);
        Assert.Contains("You pay KES 10,000 for round 2, due 28 Feb 2026, and for every round after it; nothing is owed for the rounds before it. You receive the pot in round 5 on 31 May 2026.", notice.Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory,
            "outbound_messages",
            $$"""idempotency_key = 'cycle-join:1:{{esther.Id}}' AND template = 'join_notice' AND variables_json = '{"1":"Esther Njeri","2":"Umoja Investment Club","3":"KES 10,000","4":"2","5":"28 Feb 2026","6":"5","7":"31 May 2026"}'"""));
        Assert.Contains(await OutboxAsync(demo.Grace), m => m.Body.StartsWith("Umoja Investment Club: Patrick Ochieng approved J1 (Rule 5: 2 of 2).", StringComparison.Ordinal));

        // A retried approval changes nothing.
        var before = await DatabaseProbe.SnapshotAsync(factory);
        Assert.Contains("J1 is not waiting for a decision.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVE J1"));
        Assert.Contains("The member on seat 5 already has a round in the running cycle. Nothing was changed.", await channels.WhatsAppAsync(Phones.Patrick, "JOIN 5"));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        var rounds = await factory.Get<CycleStore>().GetRoundsAsync(cycleId);
        Assert.Equal((5, esther.Id, new DateOnly(2026, 5, 31)), (rounds[^1].Number, rounds[^1].RecipientMemberId, rounds[^1].DueDate));
        var summaries = await factory.Get<ContributionLedger>().GetCycleSummariesAsync(cycleId);
        Assert.Equal([40_000, 50_000, 50_000, 50_000, 50_000], summaries.Select(s => s.ExpectedPot.Minor / 100));

        // A week on: round 1 is overdue and past its grace, but not for her.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 8, 6, 0, 0, TimeSpan.Zero));
        await factory.Get<ReminderScheduler>().RunOnceAsync(default);
        await factory.Get<FineScheduler>().RunOnceAsync(default);
        var fines = await factory.Get<FineStore>().GetForCycleAsync(cycleId);
        Assert.Equal([demo.Grace.Id, demo.Patrick.Id, demo.Diana.Id, demo.Samuel.Id], fines.Select(f => f.MemberId).Order());
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.IdempotencyKey == $"reminder:overdue:{demo.Rounds[0].Id}:{demo.Samuel.Id}:2026-02-08");
        Assert.DoesNotContain(await OutboxAsync(esther), m => m.IdempotencyKey.StartsWith("reminder:", StringComparison.Ordinal));

        // Three days before round 2 she is reminded of it like everyone else.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 25, 6, 0, 0, TimeSpan.Zero));
        await factory.Get<ReminderScheduler>().RunOnceAsync(default);
        Assert.Contains(await OutboxAsync(esther), m => m.IdempotencyKey == $"reminder:before:{demo.Rounds[1].Id}:{esther.Id}:2026-02-25");
    }

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(Member member) => factory.Get<Outbox>().ListForPhoneAsync(member.Phone);
}
