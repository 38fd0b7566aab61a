using System.Net;
using System.Text.RegularExpressions;
using Chama.Bot.Dashboard;
using Chama.Bot.Notifications;
using Chama.Bot.Tests.Dashboard;
using Chama.Conversations;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Outbox;
using Chama.Data.Swaps;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// Seat swaps held for the officers over arrears: listed with the payouts waiting for approval (chat, USSD, dashboard),
/// decided anywhere under the same quorum, and lapsed undecided when the earlier of their rounds falls due. In the demo,
/// Samuel (round 4, 30 April) owes round 1 and Diana (round 3, due 31 March) consents: the swap lapses at 00:00 on 31 March.
/// </summary>
public abstract partial class HeldSwapTests : IDisposable
{
    private static readonly DateTimeOffset Lapse = new(2026, 3, 31, 0, 0, 0, NairobiTime.Offset);

    private readonly BotFactory factory;
    private readonly Channels channels;

    protected HeldSwapTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_held_swap_is_listed_in_APPROVALS_and_decided_from_the_list()
    {
        var (demo, id) = await HeldSwapAsync();

        var list = await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS");
        Assert.Contains($"1. S{id} swap Samuel Kimani R4 & Diana Mwangi R3, arrears: Samuel Kimani KES 10,000 (0/2)", list);
        Assert.Contains("APPROVE <code> / REJECT <code> <reason>", list);
        Assert.Contains(
            $"S{id}: Samuel Kimani (round 4, 30 Apr 2026) and Diana Mwangi (round 3, 31 Mar 2026) agreed to swap turns, held for arrears: Samuel Kimani KES 10,000. Approvals 0/2. It lapses on 31 Mar 2026 if not decided.",
            await channels.WhatsAppAsync(Phones.Patrick, "1"));
        Assert.Contains($"You approved swap S{id} (1 of 2).", await channels.WhatsAppAsync(Phones.Patrick, "1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"subject_kind = 'Swap' AND subject_id = {id} AND officer_member_id = {demo.Patrick.Id} AND channel = 'whatsapp'"));

        // A Swahili-reading officer sees it in Swahili, with the vote so far.
        var esther = await factory.Get<ChamaStore>().AddMemberAsync(
            demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary, Language.Sw), Actor.System("test"));
        Assert.Contains($"1. S{id} zamu Samuel Kimani R4 & Diana Mwangi R3, malimbikizo: Samuel Kimani KES 10,000 (1/2)", await channels.WhatsAppAsync(esther.Phone.E164, "APPROVALS"));

        // Only officers see the list.
        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, "APPROVALS"));
    }

    [Fact]
    public async Task A_held_swap_on_the_USSD_approvals_list_fits_the_screen_and_is_rejected_by_its_number()
    {
        var (demo, id) = await HeldSwapAsync();
        var session = "ATUid_held_swap";
        await OfficerPins.SetAsync(factory, demo.Grace);
        var screens = new List<string>();
        foreach (var text in new[] { "", "6", "6*1", "6*1*2", "6*1*2*clear round 1 first", $"6*1*2*clear round 1 first*{OfficerPins.Pin}" })
        {
            screens.Add(await channels.UssdAsync(session, Phones.Grace, text));
        }

        Assert.All(screens, screen => Assert.True(screen.Length <= ScreenFit.UssdLimit + "CON ".Length, $"{screen.Length} characters:\n{screen}"));
        Assert.Contains($"1. S{id} swap Samuel Kima. R4 & Diana Mwangi R3 (0/2)", screens[1]);
        Assert.StartsWith($"CON S{id} swap: Samuel Kima. R4 & Diana Mwangi R3. Approvals 0/2. Lapses 31 Mar. Arrears: Samuel Kima.\n1. Approve", screens[2]);
        Assert.StartsWith($"CON Enter your 4-digit PIN to reject S{id}:", screens[4]);
        Assert.Contains($"You rejected swap S{id}. Reason: clear round 1 first.", screens[5]);
        Assert.Equal(SwapState.Declined, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Contains(await factory.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.IdempotencyKey == $"swap:{id}:{demo.Samuel.Id}:rejected");
    }

    [Fact]
    public async Task A_held_swap_approved_on_the_dashboard_completes_the_quorum_as_in_the_chat()
    {
        var (demo, id) = await HeldSwapAsync();
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var approve = new Dictionary<string, string> { ["decision"] = "approve" };
        Assert.Contains($"You approved swap S{id} (1 of 2).", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE S{id}"));

        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var page = await grace.GetAsync(approvals);
        Assert.Contains($"S{id}: seat swap held for arrears", page.Text, StringComparison.Ordinal);
        Assert.Contains(
            "<dt>Swap</dt><dd>Samuel Kimani (round 4, 30 Apr 2026) with Diana Mwangi (round 3, 31 Mar 2026)</dd><dt>Arrears</dt><dd>Samuel Kimani owes KES 10,000</dd><dt>Approvals</dt><dd>1 of 2</dd><dt>Decided</dt><dd>Patrick Ochieng (approve)</dd><dt>Lapses</dt><dd>31 Mar 2026, when round 3 falls due</dd>",
            page.Text,
            StringComparison.Ordinal);

        var bare = await grace.PostAsync($"{approvals}/S{id}", new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, bare.Status);
        var unsigned = await grace.PostAsync($"{approvals}/S{id}", approve, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.Status);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Swap'"));

        var made = await grace.PostAsync($"{approvals}/S{id}", approve);

        Assert.Equal(HttpStatusCode.OK, made.Status);
        Assert.Contains($"Your approval of S{id} is recorded and it has its quorum: the swap is made", made.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing is waiting for approval.", made.Text, StringComparison.Ordinal);
        Assert.Equal([demo.Grace.Id, demo.Patrick.Id, demo.Samuel.Id, demo.Diana.Id], (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
        Assert.Equal(SwapState.Accepted, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"subject_kind = 'Swap' AND officer_member_id = {demo.Grace.Id} AND channel = 'dashboard'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'swap.approve' AND channel = 'dashboard' AND actor_member_id = {demo.Grace.Id}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'swap.exchanged' AND channel = 'dashboard' AND subject LIKE 'swap:{id} %'"));
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.Contains($"Swap {id} with Diana Mwangi is done: you now receive round 3", StringComparison.Ordinal));
        Assert.Contains(await OutboxAsync(demo.Diana), m => m.IdempotencyKey == $"swap:{id}:{demo.Diana.Id}:accepted");
        Assert.Contains(await OutboxAsync(demo.Patrick), m => m.IdempotencyKey == $"swap:{id}:{demo.Patrick.Id}:officers");
    }

    [Fact]
    public async Task An_approval_a_minute_before_the_lapse_counts_and_one_a_minute_after_is_refused_and_changes_nothing()
    {
        var (demo, id) = await HeldSwapAsync();

        factory.Clock.SetUtcNow(Lapse - TimeSpan.FromMinutes(1));
        Assert.Contains($"You approved swap S{id} (1 of 2).", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE S{id}"));

        factory.Clock.SetUtcNow(Lapse + TimeSpan.FromMinutes(1));
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var before = await DatabaseProbe.SnapshotAsync(factory);
        Assert.Contains(
            $"Swap S{id} lapsed on 31 Mar 2026: the officers did not decide before round 3 fell due. Nothing was changed.",
            await channels.WhatsAppAsync(Phones.Grace, $"APPROVE S{id}"));
        var page = await grace.PostAsync(DashboardLayout.Href(demo.Chama.Id, $"approvals/S{id}"), new Dictionary<string, string> { ["decision"] = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, page.Status);
        Assert.Contains($"S{id} lapsed undecided: it can no longer be decided. Nothing was recorded.", page.Text, StringComparison.Ordinal);

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Swap'"));
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
    }

    [Fact]
    public async Task The_scheduler_run_twice_lapses_a_held_swap_once_and_tells_both_members_and_the_officers_once()
    {
        var (demo, id) = await HeldSwapAsync();
        var scheduler = factory.Get<SwapLapseScheduler>();

        // A minute before: nothing lapses.
        factory.Clock.SetUtcNow(Lapse - TimeSpan.FromMinutes(1));
        await scheduler.RunOnceAsync(default);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "seat_swap_lapses"));

        // At midnight the lapse is recorded, once however often the scheduler runs; the messages wait for quiet hours to end.
        factory.Clock.SetUtcNow(Lapse);
        await Task.WhenAll(scheduler.RunOnceAsync(default), scheduler.RunOnceAsync(default));
        await scheduler.RunOnceAsync(default);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "seat_swap_lapses", $"swap_id = {id} AND lapsed_at = {Lapse.ToUnixTimeMilliseconds()}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'swap.lapsed' AND subject = 'swap:{id}'"));
        Assert.Equal(SwapState.Lapsed, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        Assert.Empty(await factory.Get<Outbox>().KeysLikeAsync("swap-lapsed:%"));

        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 7, 0, 0, NairobiTime.Offset));
        await Task.WhenAll(scheduler.RunOnceAsync(default), scheduler.RunOnceAsync(default));
        await scheduler.RunOnceAsync(default);

        Assert.Equal(
            new[] { demo.Grace, demo.Patrick, demo.Diana, demo.Samuel }.Select(m => SeatSwapStore.LapseNoticeKey(id, m.Id)).Order(),
            (await factory.Get<Outbox>().KeysLikeAsync("swap-lapsed:%")).Order());
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "seat_swap_lapses"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory,
            "outbound_messages",
            $$"""idempotency_key = 'swap-lapsed:{{id}}:{{demo.Samuel.Id}}' AND template = 'swap_lapsed' AND variables_json = '{"1":"Samuel Kimani","2":"{{id}}","3":"Diana Mwangi","4":"3","5":"31 Mar 2026","6":"4"}'"""));
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'swap-lapsed:%' AND template = 'swap_lapsed_notice'"));
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.StartsWith(
            $"Samuel Kimani, swap {id} with Diana Mwangi has lapsed: the officers did not decide before round 3 fell due (31 Mar 2026). Nothing changed: you still receive round 4.",
            StringComparison.Ordinal));
        Assert.Contains(await OutboxAsync(demo.Diana), m => m.Body.StartsWith($"Diana Mwangi, kubadilishana zamu {id} na Samuel Kimani kumekwisha muda", StringComparison.Ordinal));
        Assert.Contains(await OutboxAsync(demo.Grace), m => m.Body.StartsWith(
            $"Umoja Investment Club: swap S{id} of Samuel Kimani (round 4) and Diana Mwangi (round 3) lapsed undecided when round 3 fell due (31 Mar 2026).",
            StringComparison.Ordinal));
        Assert.Equal(demo.Rounds.Select(r => r.RecipientMemberId), (await RoundsAsync(demo)).Select(r => r.RecipientMemberId));
    }

    [Fact]
    public async Task A_lapsed_swap_is_no_longer_listed_even_before_the_scheduler_records_it()
    {
        var (demo, _) = await HeldSwapAsync();
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");

        // A minute before its lapse it is still there; at the lapse it is gone, in the chat and on the page.
        factory.Clock.SetUtcNow(Lapse - TimeSpan.FromMinutes(1));
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        Assert.Contains("seat swap held for arrears", (await grace.GetAsync(approvals)).Text, StringComparison.Ordinal);
        factory.Clock.SetUtcNow(Lapse);
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
        Assert.Contains("Nothing is waiting for approval.", (await grace.GetAsync(approvals)).Text, StringComparison.Ordinal);

        await factory.Get<SwapLapseScheduler>().RunOnceAsync(default);
        Assert.Empty(await factory.Get<SeatSwapStore>().GetHeldAsync(demo.Chama.Id));
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
    }

    [Theory]
    [InlineData(-1, SwapOutcome.Accepted)]
    [InlineData(1, SwapOutcome.Lapsed)]
    public async Task The_store_makes_a_held_swap_up_to_its_lapse_and_refuses_it_after(int minutes, SwapOutcome expected)
    {
        var (demo, id) = await HeldSwapAsync();
        var swaps = factory.Get<SeatSwapStore>();
        Assert.Equal(SwapOutcome.ApprovalRecorded, (await swaps.DecideAsync(demo.Patrick, id, Decision.Approve, null, "test")).Outcome);
        var held = Assert.Single(await swaps.GetHeldAsync(demo.Chama.Id));
        Assert.Equal((Lapse, 1, 2), (held.LapsesAt, held.Approvals, held.Required));
        Assert.Equal([(demo.Samuel.Id, Money.Kes(10_000))], held.Arrears.Select(a => (a.Member.Id, a.Owed)));

        factory.Clock.SetUtcNow(Lapse + TimeSpan.FromMinutes(minutes));
        var votes = await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Swap'");
        var decided = await swaps.DecideAsync(demo.Grace, id, Decision.Approve, null, "test");

        Assert.Equal(expected, decided.Outcome);
        var made = expected == SwapOutcome.Accepted;
        Assert.Equal(votes + (made ? 1 : 0), await DatabaseProbe.CountAsync(factory, "decision_votes", "subject_kind = 'Swap'"));
        Assert.Equal(made ? demo.Diana.Id : demo.Samuel.Id, (await RoundsAsync(demo))[3].RecipientMemberId);
        Assert.Equal(made ? SwapState.Accepted : SwapState.Held, (await swaps.FindAsync(id))!.State);
        Assert.Empty(await swaps.GetHeldAsync(demo.Chama.Id));
        Assert.Equal(made ? 0 : 1, await swaps.LapseDueAsync());
    }

    [Fact]
    public async Task A_swap_consented_on_the_day_its_first_round_falls_due_is_not_held_for_a_decision_that_could_never_count()
    {
        var demo = await Demo.LoadAsync(factory);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 30, 20, 0, 0, NairobiTime.Offset));
        var id = long.Parse(SwapNumber().Match(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 3")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        factory.Clock.SetUtcNow(Lapse.AddHours(8));

        Assert.Contains($"zamu S{id} kulikwisha muda", await channels.WhatsAppAsync(Phones.Diana, "ACCEPT SWAP"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "seat_swap_holds", $"swap_id = {id}"));
        Assert.Equal(demo.Diana.Id, (await RoundsAsync(demo))[2].RecipientMemberId);
    }

    /// <summary>Round 1 paid by all but Samuel; on 1 February he asks Diana (seat 3) to swap and she consents: held.</summary>
    private async Task<(Demo Demo, long SwapId)> HeldSwapAsync()
    {
        var demo = await Demo.LoadAsync(factory);
        foreach (var (member, n) in new[] { (demo.Grace, 1), (demo.Patrick, 2), (demo.Diana, 3) })
        {
            await demo.PayAsync(factory, member, 10_000, $"QKJ4HT8M{n:00}");
        }

        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        var id = long.Parse(SwapNumber().Match(await channels.WhatsAppAsync(Phones.Samuel, "SWAP 3")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("kunasubiri idhini ya viongozi", await channels.WhatsAppAsync(Phones.Diana, "KUBALI ZAMU"));
        Assert.Equal(SwapState.Held, (await factory.Get<SeatSwapStore>().FindAsync(id))!.State);
        return (demo, id);
    }

    private Task<IReadOnlyList<Round>> RoundsAsync(Demo demo) => factory.Get<CycleStore>().GetRoundsAsync(demo.Rounds[0].CycleId);

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(Member member) => factory.Get<Outbox>().ListForPhoneAsync(member.Phone);

    [GeneratedRegex(@"Swap (\d+)")]
    private static partial Regex SwapNumber();
}

public sealed class SqliteHeldSwapTests() : HeldSwapTests(Engine.Sqlite);

public sealed class PostgresHeldSwapTests() : HeldSwapTests(Engine.Postgres);
