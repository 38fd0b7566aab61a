using System.Data.Common;
using Chama.Core;
using Chama.Data.Cycles;
using Dapper;

namespace Chama.Data.Ledger;

/// <summary>
/// A round with its cycle and rotation: what recording a payment and summarising the round need besides the money. It
/// changes rarely, so a busy caller loads it before its write, which enters the chama and then re-reads what can change
/// under it and decides whether money is accepted: the cycle's status, who is still active and who has left.
/// </summary>
internal sealed record RoundContext(Round Round, Cycle Cycle, IReadOnlyList<Member> Rotation)
{
    /// <summary>Members of the rotation who left during the cycle, with the first round no longer expected of them.</summary>
    public IReadOnlyDictionary<long, int> LeftFrom { get; init; } = new Dictionary<long, int>();

    /// <summary>Members who joined the cycle while it ran, with their first round and their own round.</summary>
    public IReadOnlyDictionary<long, CycleJoin> Joins { get; init; } = new Dictionary<long, CycleJoin>();

    public static async Task<RoundContext> LoadAsync(DbTransaction transaction, long roundId)
    {
        var round = await ContributionLedger.FindRoundAsync(transaction, roundId)
            ?? throw new ChamaException(ChamaError.UnknownRound, $"There is no round {roundId}.");
        var cycle = (await CycleStore.FindAsync(transaction.Connection!, transaction, round.CycleId))!;
        return new RoundContext(round, cycle, await ContributionLedger.RotationAsync(transaction, cycle.Id))
        {
            LeftFrom = await ContributionLedger.LeftFromAsync(transaction, cycle.Id),
            Joins = await ContributionLedger.JoinsAsync(transaction, cycle.Id),
        };
    }

    /// <summary>
    /// The same context with the cycle's status, the members' active flags, the exits and the joins as they are now. A
    /// join since the context was loaded changes the rotation itself, so then the rotation is read again.
    /// </summary>
    public async Task<RoundContext> WithCurrentStatusAsync(DbTransaction transaction)
    {
        var connection = transaction.Connection!;
        var (status, joined) = await connection.QuerySingleAsync<(string Status, long Joined)>(
            "SELECT status, (SELECT COUNT(*) FROM cycle_joins WHERE cycle_id = @Id) FROM cycles WHERE id = @Id;", new { Cycle.Id }, transaction);
        var (rotation, joins) = joined == Joins.Count
            ? (Rotation, Joins)
            : (await ContributionLedger.RotationAsync(transaction, Cycle.Id), await ContributionLedger.JoinsAsync(transaction, Cycle.Id));
        var inactive = (await connection.QueryAsync<long>(
            "SELECT id FROM members WHERE active = 0 AND id IN (SELECT recipient_member_id FROM rounds WHERE cycle_id = @Id);", new { Cycle.Id }, transaction)).ToHashSet();
        return this with
        {
            Cycle = Cycle with { Status = Enum.Parse<CycleStatus>(status) },
            Rotation = rotation.Select(m => inactive.Contains(m.Id) ? m with { Active = false } : m).ToList(),
            LeftFrom = await ContributionLedger.LeftFromAsync(transaction, Cycle.Id),
            Joins = joins,
        };
    }
}
