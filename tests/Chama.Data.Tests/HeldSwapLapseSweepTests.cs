using Chama.Core;
using Chama.Data.Swaps;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>The scheduler's sweep of held swaps: every chama's due swaps lapse once, each chama's in a write of its own.</summary>
public abstract class HeldSwapLapseSweepTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private SeatSwapStore swaps = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        swaps = new SeatSwapStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Held_swaps_of_two_chamas_lapse_in_one_sweep_once_their_first_round_falls_due()
    {
        var umoja = await db.SeedUmojaAsync();
        var pili = await SeedSecondChamaAsync();
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        var heldInUmoja = await HoldSwapAsync(umoja.Members[2], umoja.Members[3]);
        var heldInPili = await HoldSwapAsync(pili[2], pili[3]);

        Assert.Equal(0, await swaps.LapseDueAsync());
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await swaps.LapseDueAsync());
        Assert.Equal(0, await swaps.LapseDueAsync());

        Assert.Equal(SwapState.Lapsed, (await swaps.FindAsync(heldInUmoja.Id))!.State);
        Assert.Equal(SwapState.Lapsed, (await swaps.FindAsync(heldInPili.Id))!.State);
        Assert.Equal(1, await db.CountAsync($"audit_log WHERE action = 'swap.lapsed' AND chama_id = {umoja.Chama.Id}"));
        Assert.Equal(1, await db.CountAsync($"audit_log WHERE action = 'swap.lapsed' AND chama_id = {heldInPili.ChamaId}"));
    }

    /// <summary>A second chama like Umoja, its cycle running from the same day.</summary>
    private async Task<IReadOnlyList<Member>> SeedSecondChamaAsync()
    {
        var chama = await db.Chamas.CreateChamaAsync("Pili Savers", "PILI", Constitution.Monthly(Money.Kes(5_000)), TestDatabase.Treasurer);
        var members = new List<Member>();
        foreach (var (name, phone, seat, roles) in new[]
                 {
                     ("Wanjiru Kamau", "0712000011", 1, MemberRoles.Treasurer), ("Otieno Odhiambo", "0712000012", 2, MemberRoles.Chair),
                     ("Njeri Wambui", "0712000013", 3, MemberRoles.Member), ("Kiprop Cheruiyot", "0712000014", 4, MemberRoles.Member),
                 })
        {
            members.Add(await db.Chamas.AddMemberAsync(chama.Id, new NewMember(name, phone, seat, roles), TestDatabase.Treasurer));
        }

        await db.Cycles.StartCycleAsync(chama.Id, new DateOnly(2026, 1, 31), TestDatabase.Treasurer);
        return members;
    }

    /// <summary>The two agree a swap after round 1 fell due unpaid, so it waits for the officers.</summary>
    private async Task<SeatSwap> HoldSwapAsync(Member requester, Member counterpart)
    {
        var asked = await swaps.RequestAsync(requester, counterpart.Seat, "test");
        var held = await swaps.AnswerAsync(counterpart, asked.Swap!.Id, accept: true, "test");
        Assert.Equal(SwapOutcome.HeldForOfficers, held.Outcome);
        return held.Swap!;
    }
}

public sealed class SqliteHeldSwapLapseSweepTests() : HeldSwapLapseSweepTests(Engine.Sqlite);

public sealed class PostgresHeldSwapLapseSweepTests() : HeldSwapLapseSweepTests(Engine.Postgres);
