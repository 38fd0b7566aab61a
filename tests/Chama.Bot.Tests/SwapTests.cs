using System.Text.RegularExpressions;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Data.Swaps;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// Seat swaps by consent: asked by one member, answered by the other, never over a pot being paid; with arrears, held
/// for the officers. A swap exchanges two rounds' recipients in place, which each engine allows only with its foreign
/// key deferred.
/// </summary>
public abstract partial class SwapTests : IDisposable
{
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected SwapTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_swap_accepted_by_the_other_member_exchanges_their_turns_and_officers_are_told()
    {
        var demo = await Demo.LoadAsync(factory);

        var asked = await channels.WhatsAppAsync(Phones.Samuel, "SWAP 2");
        Assert.Contains("Patrick Ochieng receives round 2 (28 Feb 2026). They have 48 hours to answer", asked);
        var id = SwapId(asked);
        var invitation = Assert.Single(await OutboxAsync(demo.Patrick));
        Assert.Contains("Samuel Kimani (seat 4) of Umoja Investment Club asks to swap turns with you: you would receive round 4 (30 Apr 2026) instead of round 2 (28 Feb 2026)", invitation.Body);
        Assert.Contains($"Reply ACCEPT SWAP {id} or DECLINE SWAP {id} within 48 hours.", invitation.Body);
        Assert.Equal($"swap:{id}:{demo.Patrick.Id}:asked", invitation.IdempotencyKey);

        var accepted = await channels.WhatsAppAsync(Phones.Patrick, "ACCEPT SWAP");
        Assert.Contains($"Swap {id} with Samuel Kimani is done: you now receive round 4 (30 Apr 2026) instead of round 2.", accepted);

        var rounds = await RoundsAsync(demo);
        Assert.Equal([demo.Grace.Id, demo.Samuel.Id, demo.Diana.Id, demo.Patrick.Id], rounds.Select(r => r.RecipientMemberId));
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.Contains($"Swap {id} with Patrick Ochieng is done: you now receive round 2 (28 Feb 2026) instead of round 4.", StringComparison.Ordinal));
        var notice = Assert.Single(await OutboxAsync(demo.Grace));
        Assert.Equal($"swap:{id}:{demo.Grace.Id}:officers", notice.IdempotencyKey);
        Assert.Contains($"Umoja Investment Club: swap {id} agreed. Samuel Kimani now receives round 2 (28 Feb 2026) and Patrick Ochieng round 4 (30 Apr 2026).", notice.Body);

        Assert.Contains("Your pot: round 2, 28 Feb 2026", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
        Assert.Contains("Your pot: round 4, 30 Apr 2026", await channels.WhatsAppAsync(Phones.Patrick, "BALANCE"));
        Assert.Equal(SwapState.Accepted, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'swap.exchanged' AND subject LIKE 'swap:{id} %'"));

        // Answered once: the same answer again finds nothing waiting, and changes nothing.
        var before = await DatabaseProbe.SnapshotAsync(factory);
        Assert.Contains("There is no swap waiting for your answer. Nothing was changed.", await channels.WhatsAppAsync(Phones.Patrick, $"ACCEPT SWAP {id}"));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
    }

    [Fact]
    public async Task A_declined_swap_changes_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        var id = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 3"));

        // Diana reads Swahili: she is asked, and answers, in it.
        Assert.Contains($"Jibu KUBALI ZAMU {id} au KATAA ZAMU {id}", Assert.Single(await OutboxAsync(demo.Diana)).Body);
        Assert.Contains($"Umekataa ombi la kubadilishana zamu {id} kutoka kwa Samuel Kimani. Hakuna kilichobadilika: bado unapokea mzunguko 3.", await channels.WhatsAppAsync(Phones.Diana, "KATAA ZAMU"));

        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.Contains($"Diana Mwangi declined swap {id}. Nothing changed: you still receive round 4.", StringComparison.Ordinal));
        Assert.Empty(await OutboxAsync(demo.Grace));
        Assert.Equal(SwapState.Declined, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'swap.exchanged'"));
        Assert.Contains("Hakuna ombi la kubadilishana zamu linalosubiri jibu lako.", await channels.WhatsAppAsync(Phones.Diana, $"KUBALI ZAMU {id}"));
    }

    [Fact]
    public async Task A_swap_never_touches_a_round_already_being_paid()
    {
        var (demo, secretary) = await WithThirdOfficerAsync();
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";

        // Once officers have begun deciding on a pot, its recipient is fixed.
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}");
        var before = await DatabaseProbe.SnapshotAsync(factory);
        Assert.Contains("That pot is being paid or approved: its turn cannot be swapped. Nothing was changed.", await channels.WhatsAppAsync(Phones.Samuel, "SWAP 1"));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        await channels.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}");
        Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));
        Assert.Contains("That pot is being paid or approved", await channels.WhatsAppAsync(Phones.Samuel, "SWAP 1"));
        Assert.Contains("That pot is being paid or approved", await channels.WhatsAppAsync(Phones.Grace, "SWAP 4"));
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "seat_swaps"));

        // Other rounds can still be swapped.
        Assert.Contains("Swap ", await channels.WhatsAppAsync(Phones.Samuel, "SWAP 2"));
    }

    [Fact]
    public async Task A_turn_before_the_current_round_cannot_be_swapped()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, NairobiTime.Offset));

        Assert.Contains("A turn before the current round cannot be swapped.", await channels.WhatsAppAsync(Phones.Samuel, "SWAP 1"));
        Assert.Contains("Seat 4 is your own seat.", await channels.WhatsAppAsync(Phones.Samuel, "SWAP 4"));
        Assert.Contains("No active member on seat 9 has a turn in this cycle.", await channels.WhatsAppAsync(Phones.Samuel, "SWAP 9"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "seat_swaps"));
    }

    [Theory]
    [InlineData("payout first")]
    [InlineData("swap first")]
    [InlineData("together")]
    public async Task A_swap_racing_a_payout_either_wins_or_is_refused_never_both(string order)
    {
        var (demo, secretary) = await WithThirdOfficerAsync();
        var swapId = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 1"));
        await demo.FillRoundOneAsync(factory);
        var round = demo.Rounds[0].Id;
        var approvals = factory.Get<ApprovalStore>();
        var swaps = factory.Get<SeatSwapStore>();
        Task<(DecisionOutcome, PendingApproval?)> Approve(Member officer) => approvals.DecideAsync(officer, ApprovalKind.Pot, round, Decision.Approve, null, "test");

        SwapResult answer;
        switch (order)
        {
            case "payout first":
                await Approve(demo.Patrick);
                await Approve(secretary);
                answer = await swaps.AnswerAsync(demo.Grace, null, accept: true, "test");
                Assert.Equal(SwapOutcome.RoundBeingPaid, answer.Outcome);
                break;
            case "swap first":
                answer = await swaps.AnswerAsync(demo.Grace, null, accept: true, "test");
                Assert.Equal(SwapOutcome.Accepted, answer.Outcome);
                await Approve(demo.Patrick);
                await Approve(secretary);
                break;
            default:
                // Both writes at once: the single writer runs one, then the other; whichever is second sees the first.
                var racing = swaps.AnswerAsync(demo.Grace, null, accept: true, "test");
                var approving = Approve(demo.Patrick);
                await Task.WhenAll(racing, approving);
                answer = await racing;
                Assert.Equal(DecisionOutcome.Recorded, (await approving).Item1);
                await Approve(secretary);
                break;
        }

        var payout = Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, round));
        var recipient = (await RoundsAsync(demo))[0].RecipientMemberId;
        var swapped = answer.Outcome == SwapOutcome.Accepted;
        Assert.True(swapped || answer.Outcome == SwapOutcome.RoundBeingPaid, $"unexpected {answer.Outcome}");
        Assert.Equal(swapped ? demo.Samuel.Id : demo.Grace.Id, recipient);
        Assert.Equal(recipient, payout.RecipientMemberId);
        Assert.Equal(swapped ? demo.Samuel.ReceivePhone : demo.Grace.ReceivePhone, payout.ReceivePhone);
        Assert.Equal(swapped ? SwapState.Accepted : SwapState.Requested, (await swaps.FindAsync(swapId))!.State);
        Assert.Equal(swapped ? 1 : 0, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'swap.exchanged'"));
    }

    [Fact]
    public async Task A_swap_with_a_member_in_arrears_is_held_for_the_officers_and_made_at_their_quorum()
    {
        var demo = await ArrearsDemoAsync();

        // Samuel owes round 1: he may still ask, and Diana may consent, but the turns do not change yet.
        var id = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 3"));
        Assert.StartsWith(
            $"Diana Mwangi, kubadilishana zamu {id} kumekubaliwa, lakini Samuel Kimani ana malimbikizo. Kanuni 5: kunasubiri idhini ya viongozi 2",
            await channels.WhatsAppAsync(Phones.Diana, "KUBALI ZAMU"));
        Assert.Equal(SwapState.Held, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.IdempotencyKey == $"swap:{id}:{demo.Samuel.Id}:held" && m.Body.Contains("but Samuel Kimani has arrears", StringComparison.Ordinal));
        var notice = Assert.Single(await OutboxAsync(demo.Grace));
        Assert.Equal(
            $"Umoja Investment Club: Samuel Kimani (round 4) and Diana Mwangi (round 3) agreed to swap turns, but Samuel Kimani has arrears. Rule 5: 2 officers must approve. Reply APPROVE S{id} or REJECT S{id} <reason>.",
            notice.Body.Split('\n')[0]);
        Assert.Contains("Hakuna ombi la kubadilishana zamu linalosubiri jibu lako", await channels.WhatsAppAsync(Phones.Diana, $"KUBALI ZAMU {id}"));

        // Only officers decide, each once; the quorum's approval makes the swap.
        Assert.Contains("Only the chama's officers decide on a swap", await channels.WhatsAppAsync(Phones.Samuel, $"APPROVE S{id}"));
        Assert.Contains($"You approved swap S{id} (1 of 2).", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE S{id}"));
        Assert.Contains($"You have already decided on swap S{id}.", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE S{id}"));
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Contains(
            $"You approved swap S{id} (2 of 2). Samuel Kimani now receives round 3 and Diana Mwangi round 4.", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE S{id}"));

        Assert.Equal([demo.Grace.Id, demo.Patrick.Id, demo.Samuel.Id, demo.Diana.Id], (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Equal(SwapState.Accepted, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.Contains($"Swap {id} with Diana Mwangi is done: you now receive round 3", StringComparison.Ordinal));
        Assert.Contains(await OutboxAsync(demo.Diana), m => m.Body.Contains($"sasa unapokea mzunguko 4", StringComparison.Ordinal));
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Swap'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'swap.exchanged' AND subject LIKE 'swap:{id} %'"));
        Assert.Contains($"Swap S{id} is not waiting for the officers", await channels.WhatsAppAsync(Phones.Grace, $"REJECT S{id} too late"));
    }

    [Fact]
    public async Task An_officer_rejects_a_held_swap_with_a_reason_and_the_turns_stay()
    {
        var demo = await ArrearsDemoAsync();
        var id = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 2"));
        await channels.WhatsAppAsync(Phones.Patrick, "ACCEPT SWAP");

        // Patrick is a party to it; a rejection needs a reason.
        var before = await DatabaseProbe.SnapshotAsync(factory);
        Assert.Contains($"You are a party to swap S{id}", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE S{id}"));
        Assert.Contains($"Give a reason: REJECT S{id} <reason>.", await channels.WhatsAppAsync(Phones.Grace, $"REJECT S{id}"));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        Assert.Contains(
            $"You rejected swap S{id}. Reason: clear round 1 first. The turns stay as they were.", await channels.WhatsAppAsync(Phones.Grace, $"REJECT S{id} clear round 1 first"));
        Assert.Equal(SwapState.Declined, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.Contains($"Swap {id} was rejected by Grace Wanjiku. Reason: clear round 1 first.", StringComparison.Ordinal));
        Assert.Contains(await OutboxAsync(demo.Patrick), m => m.IdempotencyKey == $"swap:{id}:{demo.Patrick.Id}:rejected");
    }

    [Theory]
    [InlineData("payout first")]
    [InlineData("swap first")]
    [InlineData("together")]
    public async Task A_held_swap_approved_while_its_pot_is_approved_either_wins_or_is_refused_never_both(string order)
    {
        var demo = await ArrearsDemoAsync();
        var secretary = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        var swapId = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 2"));
        await channels.WhatsAppAsync(Phones.Patrick, "ACCEPT SWAP");
        var swaps = factory.Get<SeatSwapStore>();
        Assert.Equal(SwapOutcome.ApprovalRecorded, (await swaps.DecideAsync(secretary, swapId, Decision.Approve, null, "test")).Outcome);

        // Round 2 (Patrick's, for now) is paid in full: its pot is ready for the officers.
        var n = 10;
        foreach (var member in demo.Members)
        {
            await demo.PayAsync(factory, member, 10_000, $"QKJ4HT8M{++n:00}", round: 2);
        }

        var round = demo.Rounds[1].Id;
        var approvals = factory.Get<ApprovalStore>();
        Task<(DecisionOutcome, PendingApproval?)> Approve(Member officer) => approvals.DecideAsync(officer, ApprovalKind.Pot, round, Decision.Approve, null, "test");
        SwapResult decided;
        switch (order)
        {
            case "payout first":
                await Approve(secretary);
                decided = await swaps.DecideAsync(demo.Grace, swapId, Decision.Approve, null, "test");
                Assert.Equal(SwapOutcome.RoundBeingPaid, decided.Outcome);
                break;
            case "swap first":
                decided = await swaps.DecideAsync(demo.Grace, swapId, Decision.Approve, null, "test");
                Assert.Equal(SwapOutcome.Accepted, decided.Outcome);
                await Approve(secretary);
                break;
            default:
                var racing = swaps.DecideAsync(demo.Grace, swapId, Decision.Approve, null, "test");
                var approving = Approve(secretary);
                await Task.WhenAll(racing, approving);
                decided = await racing;
                Assert.Equal(DecisionOutcome.Recorded, (await approving).Item1);
                break;
        }

        await Approve(demo.Grace);
        var payout = Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, round));
        var recipient = (await RoundsAsync(demo))[1].RecipientMemberId;
        var swapped = decided.Outcome == SwapOutcome.Accepted;
        Assert.True(swapped || decided.Outcome == SwapOutcome.RoundBeingPaid, $"unexpected {decided.Outcome}");
        Assert.Equal(swapped ? demo.Samuel.Id : demo.Patrick.Id, recipient);
        Assert.Equal(recipient, payout.RecipientMemberId);
        Assert.Equal(swapped ? SwapState.Accepted : SwapState.Held, (await swaps.FindAsync(swapId))!.State);
        Assert.Equal(swapped ? 2 : 1, await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Swap'"));
    }

    /// <summary>Round 1 is due on 31 January; everyone but Samuel pays it, so from 1 February Samuel has arrears.</summary>
    private async Task<Demo> ArrearsDemoAsync()
    {
        var demo = await Demo.LoadAsync(factory);
        foreach (var (member, n) in new[] { (demo.Grace, 1), (demo.Patrick, 2), (demo.Diana, 3) })
        {
            await demo.PayAsync(factory, member, 10_000, $"QKJ4HT8M{n:00}");
        }

        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        return demo;
    }

    [Fact]
    public async Task Nobody_can_answer_a_swap_meant_for_someone_else()
    {
        var demo = await Demo.LoadAsync(factory);
        var id = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 2"));
        var before = await DatabaseProbe.SnapshotAsync(factory);

        Assert.Contains("There is no swap waiting for your answer. Nothing was changed.", await channels.WhatsAppAsync(Phones.Grace, $"ACCEPT SWAP {id}"));
        Assert.Contains("There is no swap waiting for your answer.", await channels.WhatsAppAsync(Phones.Samuel, "ACCEPT SWAP"));
        Assert.Contains("Hakuna ombi la kubadilishana zamu linalosubiri jibu lako.", await channels.WhatsAppAsync(Phones.Diana, $"KATAA ZAMU {id}"));
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(SwapState.Requested, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);

        Assert.Contains($"Swap {id} with Samuel Kimani is done", await channels.WhatsAppAsync(Phones.Patrick, $"ACCEPT SWAP {id}"));
        Assert.Equal(demo.Samuel.Id, (await RoundsAsync(demo))[1].RecipientMemberId);
    }

    [Fact]
    public async Task A_swap_not_answered_within_48_hours_expires()
    {
        var demo = await Demo.LoadAsync(factory);
        var id = SwapId(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 2"));
        factory.Clock.Advance(SeatSwap.AnswerWithin + TimeSpan.FromMinutes(1));

        Assert.Contains($"Swap {id} was not answered in time and has expired. Nothing was changed.", await channels.WhatsAppAsync(Phones.Patrick, "ACCEPT SWAP"));
        Assert.Equal(SwapState.Expired, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Contains("There is no swap waiting for your answer.", await channels.WhatsAppAsync(Phones.Patrick, "ACCEPT SWAP"));
    }

    private async Task<(Demo Demo, Member Secretary)> WithThirdOfficerAsync()
    {
        var demo = await Demo.LoadAsync(factory);
        var secretary = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        return (demo, secretary);
    }

    private Task<IReadOnlyList<Round>> RoundsAsync(Demo demo) => factory.Get<CycleStore>().GetRoundsAsync(demo.Rounds[0].CycleId);

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(Member member) => factory.Get<Outbox>().ListForPhoneAsync(member.Phone);

    private static long SwapId(string reply)
    {
        var match = SwapAsked().Match(reply);
        Assert.True(match.Success, reply);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?:Swap|zamu) (\d+)")]
    private static partial Regex SwapAsked();
}

public sealed class SqliteSwapTests() : SwapTests(Engine.Sqlite);

public sealed class PostgresSwapTests() : SwapTests(Engine.Postgres);
