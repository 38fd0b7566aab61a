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
    /// <summary>Adds <paramref name="chamaCount"/> chamas of <paramref name="membersEach"/> members, each with a cycle running; returns every phone.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(ChamaStore chamas, CycleStore cycles, int chamaCount, int membersEach, CancellationToken cancellationToken)
    {
        var actor = Actor.System("benchmark-seed");
        var today = NairobiTime.Today(TimeProvider.System);
        var firstMeeting = new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));

        // Concurrent calls let the single SQLite writer commit many of them per fsync.
        var created = await Task.WhenAll(Enumerable.Range(1, chamaCount).Select(c =>
            chamas.CreateChamaAsync($"Benchmark Chama {c:D2}", $"BEN{c:D3}", Constitution.Monthly(Money.Kes(5_000)), actor, cancellationToken)));
        var phones = new List<string>(chamaCount * membersEach);
        var additions = new List<Task>();
        for (var c = 0; c < created.Length; c++)
        {
            for (var seat = 1; seat <= membersEach; seat++)
            {
                // 0720 100 000 upwards: valid Safaricom numbers, none shared with the demo chama's.
                var phone = $"0720{100_000 + (c * membersEach) + seat:D6}";
                var role = seat == 1 ? MemberRoles.Treasurer : MemberRoles.Member;
                additions.Add(chamas.AddMemberAsync(created[c].Id, new NewMember($"Member {c + 1}-{seat}", phone, seat, role), actor, cancellationToken));
                phones.Add(PhoneNumber.Parse(phone).E164);
            }
        }

        await Task.WhenAll(additions);
        await Task.WhenAll(created.Select(chama => cycles.StartCycleAsync(chama.Id, firstMeeting, actor, cancellationToken)));
        return phones;
    }
}
