using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Dapper;

namespace Chama.Data.Cycles;

/// <summary>
/// A proposal that a member joins the running cycle, still open and still possible, as the officers need it to decide:
/// the round the joiner would pay from, the round they would receive the pot in, and what they would pay.
/// </summary>
public sealed record OpenJoin(JoinProposal Proposal, Round FirstRound, (int Number, DateOnly DueDate) OwnRound, Money Contribution);

/// <summary>Joins waiting for the officers, listed with the pots, welfare, swaps and rule changes they decide.</summary>
public sealed partial class CycleJoinStore
{
    /// <summary>
    /// The chama's proposals neither rejected nor made, oldest first, leaving out those the member could no longer join
    /// by (the cycle closed, they left or have a round, or no round is left to join from): an approval would be refused.
    /// </summary>
    public Task<IReadOnlyList<OpenJoin>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default)
    {
        var today = NairobiTime.Today(clock);
        return database.ReadAsync<IReadOnlyList<OpenJoin>>(
            async (connection, transaction) =>
            {
                var ids = await connection.QueryAsync<long>(
                    $"""
                    SELECT p.id FROM cycle_join_proposals p
                    WHERE p.chama_id = @chamaId
                      AND {DecisionVotes.NotRejected(DecisionKind.Join, "p")}
                      AND NOT EXISTS (SELECT 1 FROM cycle_joins j WHERE j.proposal_id = p.id)
                    ORDER BY p.id;
                    """,
                    new { chamaId },
                    transaction);
                var frequency = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))
                    .ToChama().Constitution.Frequency;
                var open = new List<OpenJoin>();
                foreach (var id in ids)
                {
                    var proposal = (await FindAsync(transaction, chamaId, id))!;
                    var cycle = (await CycleStore.FindAsync(connection, transaction, proposal.CycleId))!;
                    if (await RefusalAsync(transaction, cycle, proposal.Member, today) is not null)
                    {
                        continue;
                    }

                    var rounds = await CycleStore.GetRoundsAsync(connection, transaction, cycle.Id);
                    var first = CycleJoin.FirstRoundToJoin(rounds, await CycleStore.PaidOutRoundsAsync(transaction, cycle.Id), today)!;
                    open.Add(new OpenJoin(proposal, first, CycleJoin.AppendedRound(cycle, rounds, frequency), cycle.Contribution));
                }

                return open;
            },
            cancellationToken);
    }
}
