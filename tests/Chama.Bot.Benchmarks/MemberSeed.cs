using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// Chamas and members beyond the demo's four, added through the same stores the demo seed uses, so load is spread over
/// many phones, sessions and ledgers as in production rather than hammering four rows.
/// </summary>
internal static class MemberSeed
{
    /// <summary>
    /// Chamas seeded at once: enough for the single SQLite writer to commit many per fsync and for PostgreSQL to group
    /// commits, few enough that a thousand chamas' writes never wait on the pool beyond its timeout.
    /// </summary>
    private const int AtOnce = 16;

    /// <summary>Adds <paramref name="chamaCount"/> chamas of <paramref name="membersEach"/> members, each with a cycle running; returns every phone.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(ChamaStore chamas, CycleStore cycles, int chamaCount, int membersEach, CancellationToken cancellationToken)
    {
        var actor = Actor.System("benchmark-seed");
        var today = NairobiTime.Today(TimeProvider.System);
        var firstMeeting = new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));

        // 0720 100 000 upwards: valid Safaricom numbers, none shared with the demo chama's.
        string Phone(int chama, int seat) => $"0720{100_000 + ((chama - 1) * membersEach) + seat:D6}";

        // Each chama's own writes in order (its members' seats are checked against each other), many chamas at once.
        await Parallel.ForEachAsync(Enumerable.Range(1, chamaCount), new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken }, async (c, ct) =>
        {
            var chama = await chamas.CreateChamaAsync($"Benchmark Chama {c:D2}", $"BEN{c:D3}", Constitution.Monthly(Money.Kes(5_000)), actor, ct);
            for (var seat = 1; seat <= membersEach; seat++)
            {
                var role = seat == 1 ? MemberRoles.Treasurer : MemberRoles.Member;
                await chamas.AddMemberAsync(chama.Id, new NewMember($"Member {c}-{seat}", Phone(c, seat), seat, role), actor, ct);
            }

            await cycles.StartCycleAsync(chama.Id, firstMeeting, actor, ct);
        });
        return [.. Enumerable.Range(1, chamaCount).SelectMany(c => Enumerable.Range(1, membersEach).Select(seat => PhoneNumber.Parse(Phone(c, seat)).E164))];
    }
}
