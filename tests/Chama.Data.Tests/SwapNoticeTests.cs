using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Swaps;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>A seat swap's request, answer or officer's decision and the messages telling of it are written in one transaction: both or neither.</summary>
public abstract class SwapNoticeTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private SeatSwapStore swaps = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        swaps = new SeatSwapStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_swap_request_is_recorded_with_its_notice_queued_in_the_same_write()
    {
        var result = await swaps.RequestAsync(umoja.Diana, 4, "test", requested => [Notice(requested, "asked", requested.Counterpart!)]);

        Assert.Equal(SwapOutcome.Requested, result.Outcome);
        Assert.Equal(1, await db.CountAsync("seat_swaps"));
        Assert.Equal([$"swap-test:{result.Swap!.Id}:asked:{umoja.Samuel.Id}"], await QueuedAsync());
    }

    [Fact]
    public async Task A_swap_request_whose_notice_cannot_be_written_is_not_recorded()
    {
        var outboxBefore = await db.CountAsync("outbound_messages");

        await Assert.ThrowsAsync<InvalidOperationException>(() => swaps.RequestAsync(umoja.Diana, 4, "test", _ => throw new InvalidOperationException("the notice could not be built")));

        Assert.Equal(0, await db.CountAsync("seat_swaps"));
        Assert.Equal(outboxBefore, await db.CountAsync("outbound_messages"));
    }

    [Fact]
    public async Task A_refused_swap_request_builds_and_queues_no_notice()
    {
        var built = false;

        var result = await swaps.RequestAsync(umoja.Diana, 3, "test", refused =>
        {
            built = true;
            return [Notice(refused, "asked", umoja.Diana)];
        });

        Assert.Equal(SwapOutcome.OwnSeat, result.Outcome);
        Assert.False(built);
        Assert.Empty(await QueuedAsync());
    }

    [Fact]
    public async Task An_accepted_swap_is_made_with_its_notices_queued_in_the_same_write()
    {
        var asked = await swaps.RequestAsync(umoja.Diana, 4, "test");

        var result = await swaps.AnswerAsync(umoja.Samuel, asked.Swap!.Id, accept: true, "test", accepted => [Notice(accepted, "accepted", accepted.Requester!)]);

        Assert.Equal(SwapOutcome.Accepted, result.Outcome);
        Assert.Equal(umoja.Samuel.Id, (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Single(r => r.Number == asked.RequesterRound!.Number).RecipientMemberId);
        Assert.Equal([$"swap-test:{asked.Swap.Id}:accepted:{umoja.Diana.Id}"], await QueuedAsync());
    }

    [Fact]
    public async Task An_accepted_swap_whose_notices_cannot_be_written_leaves_the_turns_as_they_were()
    {
        var asked = await swaps.RequestAsync(umoja.Diana, 4, "test");
        var outboxBefore = await db.CountAsync("outbound_messages");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            swaps.AnswerAsync(umoja.Samuel, asked.Swap!.Id, accept: true, "test", _ => throw new InvalidOperationException("the notice could not be built")));

        Assert.Equal(0, await db.CountAsync("seat_swap_answers"));
        Assert.Equal(SwapState.Requested, (await swaps.FindAsync(asked.Swap!.Id))!.State);
        Assert.Equal(umoja.Diana.Id, (await db.Cycles.GetRoundsAsync(umoja.Cycle.Id)).Single(r => r.Number == asked.RequesterRound!.Number).RecipientMemberId);
        Assert.Equal(outboxBefore, await db.CountAsync("outbound_messages"));
    }

    [Fact]
    public async Task An_officers_decision_on_a_held_swap_is_recorded_with_its_notice_queued_in_the_same_write()
    {
        var held = await HoldSwapAsync();

        var result = await swaps.DecideAsync(umoja.Grace, held.Id, Decision.Reject, "arrears first", "test", decided => [Notice(decided, "rejected", decided.Requester!)]);

        Assert.Equal(SwapOutcome.Rejected, result.Outcome);
        Assert.Equal(1, await db.CountAsync("decision_votes"));
        Assert.Equal(SwapState.Declined, (await swaps.FindAsync(held.Id))!.State);
        Assert.Equal([$"swap-test:{held.Id}:rejected:{umoja.Diana.Id}"], await QueuedAsync());
    }

    [Fact]
    public async Task An_officers_decision_whose_notice_cannot_be_written_is_not_recorded()
    {
        var held = await HoldSwapAsync();
        var outboxBefore = await db.CountAsync("outbound_messages");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            swaps.DecideAsync(umoja.Grace, held.Id, Decision.Approve, null, "test", _ => throw new InvalidOperationException("the notice could not be built")));

        Assert.Equal(0, await db.CountAsync("decision_votes"));
        Assert.Equal(SwapState.Held, (await swaps.FindAsync(held.Id))!.State);
        Assert.Equal(outboxBefore, await db.CountAsync("outbound_messages"));
    }

    /// <summary>Diana and Samuel agree a swap after round 1 fell due unpaid, so it waits for the officers.</summary>
    private async Task<SeatSwap> HoldSwapAsync()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        var asked = await swaps.RequestAsync(umoja.Diana, 4, "test");
        var held = await swaps.AnswerAsync(umoja.Samuel, asked.Swap!.Id, accept: true, "test");
        Assert.Equal(SwapOutcome.HeldForOfficers, held.Outcome);
        return held.Swap!;
    }

    private OutboundMessage Notice(SwapResult result, string @event, Member to) =>
        new($"swap-test:{result.Swap?.Id}:{@event}:{to.Id}", umoja.Chama.Id, to.Id, to.Phone, $"Swap {@event}.");

    private async Task<IReadOnlyList<string>> QueuedAsync() => [.. await new Outbox.Outbox(db.Database, db.Clock).KeysLikeAsync("swap-test:%")];
}

public sealed class SqliteSwapNoticeTests() : SwapNoticeTests(Engine.Sqlite);

public sealed class PostgresSwapNoticeTests() : SwapNoticeTests(Engine.Postgres);
