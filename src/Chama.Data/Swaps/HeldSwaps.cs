using System.Data.Common;
using Chama.Core;
using Chama.Data.Cycles;
using Chama.Data.Decisions;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Swaps;

/// <summary>What a party to a held swap owes on rounds already due, as it stands now.</summary>
public sealed record SwapArrears(Member Member, Money Owed);

/// <summary>
/// A swap held for the officers, as they need it to decide: who swaps with whom, their two rounds, the arrears that hold
/// it, the votes so far against the quorum, when it lapses, and the chama's active officers (to be told of a lapse).
/// </summary>
public sealed record HeldSwap(
    SeatSwap Swap,
    Member Requester,
    Member Counterpart,
    Round RequesterRound,
    Round CounterpartRound,
    IReadOnlyList<SwapArrears> Arrears,
    IReadOnlyList<OfficerDecision> Votes,
    int Required,
    IReadOnlyList<Member> Officers)
{
    /// <summary>The code officers decide it by: <c>APPROVE S5</c>, <c>REJECT S5 &lt;reason&gt;</c>.</summary>
    public string Code => DecisionKind.Swap.Code(Swap.Id);

    /// <summary>The two parties to the swap never count towards it.</summary>
    public Ballot Ballot => new(Votes, Required, Requester.Id, Counterpart.Id);

    public int Approvals => Ballot.Approvals;

    public DateTimeOffset LapsesAt => HeldSwapLapse.At(RequesterRound, CounterpartRound);

    public Round FirstDue => HeldSwapLapse.FirstDue(RequesterRound, CounterpartRound);
}

/// <summary>Held swaps listed for the officers, and lapsed when undecided (<see cref="HeldSwapLapse"/>).</summary>
public sealed partial class SeatSwapStore
{
    private const string HeldWhere = "a.id IS NULL AND h.id IS NOT NULL AND l.id IS NULL";

    /// <summary>The lapse notice's outbox key: each member told once of each lapse.</summary>
    public static string LapseNoticeKey(long swapId, long memberId) => $"swap-lapsed:{swapId}:{memberId}";

    /// <summary>The chama's swaps waiting for the officers now, oldest first; a swap past its lapse is not among them, recorded or not.</summary>
    public Task<IReadOnlyList<HeldSwap>> GetHeldAsync(long chamaId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return database.ReadAsync<IReadOnlyList<HeldSwap>>(
            async (_, transaction) =>
            {
                var swaps = await QueryAsync(transaction, $"WHERE s.chama_id = @chamaId AND {HeldWhere} ORDER BY s.id", new { chamaId });
                var held = new List<HeldSwap>();
                foreach (var swap in swaps)
                {
                    var one = await DescribeAsync(transaction, swap, today);
                    if (now < one.LapsesAt)
                    {
                        held.Add(one);
                    }
                }

                return held;
            },
            cancellationToken);
    }

    /// <summary>
    /// Records, once each (the database holds it), the lapse of every held swap whose first round has fallen due, and
    /// audits it. Returns how many lapsed in this call. The due swaps are found first, then each chama's are lapsed in a
    /// write of that chama alone, checked again there (an officer may have decided one meanwhile).
    /// </summary>
    public async Task<int> LapseDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var chamas = await database.ReadAsync(
            async (_, transaction) => (await DueAsync(transaction, $"WHERE {HeldWhere} ORDER BY s.id", new { }, now)).Select(d => d.Swap.ChamaId).Distinct().ToList(),
            cancellationToken);
        var lapsed = 0;
        foreach (var chamaId in chamas)
        {
            lapsed += await database.WriteAsync((_, transaction) => LapseDueAsync(transaction, chamaId, now), cancellationToken);
        }

        return lapsed;
    }

    /// <summary>Lapses the chama's held swaps whose first round has fallen due, inside the caller's write of that chama.</summary>
    private static async Task<int> LapseDueAsync(DbTransaction transaction, long chamaId, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        var lapsed = 0;
        foreach (var (swap, at) in await DueAsync(transaction, $"WHERE s.chama_id = @chamaId AND {HeldWhere} ORDER BY s.id", new { chamaId }, now))
        {
            var added = await transaction.Connection!.ExecuteAsync(
                "INSERT INTO seat_swap_lapses (swap_id, lapsed_at, recorded_at) VALUES (@Id, @At, @Now) ON CONFLICT (swap_id) DO NOTHING;",
                new { swap.Id, At = at.ToUnixTimeMilliseconds(), Now = now.ToUnixTimeMilliseconds() },
                transaction);
            if (added == 1)
            {
                await Audit.RecordAsync(transaction, swap.ChamaId, Actor.System("scheduler"), "swap.lapsed", $"swap:{swap.Id}", now);
                lapsed++;
            }
        }

        return lapsed;
    }

    /// <summary>The held swaps <paramref name="where"/> selects whose lapse (<see cref="HeldSwapLapse"/>) has come by <paramref name="now"/>.</summary>
    private static async Task<IReadOnlyList<(SeatSwap Swap, DateTimeOffset At)>> DueAsync(DbTransaction transaction, string where, object parameters, DateTimeOffset now)
    {
        var due = new List<(SeatSwap, DateTimeOffset)>();
        foreach (var swap in await QueryAsync(transaction, where, parameters))
        {
            var rounds = await CycleStore.GetRoundsAsync(transaction.Connection!, transaction, swap.CycleId);
            var at = HeldSwapLapse.At(rounds.Single(r => r.Id == swap.RequesterRoundId), rounds.Single(r => r.Id == swap.CounterpartRoundId));
            if (now >= at)
            {
                due.Add((swap, at));
            }
        }

        return due;
    }

    /// <summary>
    /// Lapsed swaps whose members and officers have not been told yet. The requester is always among those told, so the
    /// requester's exact key (found through the outbox's unique index, not a scan) says whether the lapse was announced.
    /// </summary>
    public Task<IReadOnlyList<HeldSwap>> GetUnannouncedLapsesAsync(CancellationToken cancellationToken = default)
    {
        var today = NairobiTime.Today(clock);
        return database.ReadAsync<IReadOnlyList<HeldSwap>>(
            async (_, transaction) =>
            {
                var swaps = await QueryAsync(
                    transaction,
                    "WHERE l.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE o.idempotency_key = 'swap-lapsed:' || s.id || ':' || s.requester_member_id) ORDER BY s.id",
                    new { });
                var lapsed = new List<HeldSwap>();
                foreach (var swap in swaps)
                {
                    lapsed.Add(await DescribeAsync(transaction, swap, today));
                }

                return lapsed;
            },
            cancellationToken);
    }

    private static async Task<HeldSwap> DescribeAsync(DbTransaction transaction, SeatSwap swap, DateOnly today)
    {
        var connection = transaction.Connection!;
        var requester = (await MemberAsync(transaction, swap.RequesterMemberId))!;
        var counterpart = (await MemberAsync(transaction, swap.CounterpartMemberId))!;
        var rounds = await CycleStore.GetRoundsAsync(connection, transaction, swap.CycleId);
        var arrears = new List<SwapArrears>();
        foreach (var member in new[] { requester, counterpart })
        {
            if (await MemberStatements.FindAsync(connection, transaction, member, today) is { Arrears.IsPositive: true } statement)
            {
                arrears.Add(new SwapArrears(member, statement.Arrears));
            }
        }

        return new HeldSwap(
            swap,
            requester,
            counterpart,
            rounds.Single(r => r.Id == swap.RequesterRoundId),
            rounds.Single(r => r.Id == swap.CounterpartRoundId),
            arrears,
            await DecisionVotes.ReadAsync(transaction, DecisionKind.Swap, swap.Id),
            await QuorumAsync(transaction, swap.ChamaId),
            await OfficersAsync(transaction, swap.ChamaId));
    }
}
