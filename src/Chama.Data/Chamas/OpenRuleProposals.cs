using Chama.Core;
using Chama.Data.Decisions;
using Dapper;

namespace Chama.Data.Chamas;

/// <summary>Rule changes waiting for the officers, listed with the pots, welfare and swaps they decide.</summary>
public sealed partial class ConstitutionStore
{
    /// <summary>The chama's proposals neither rejected nor in force, oldest first, with their votes so far.</summary>
    public Task<IReadOnlyList<RuleProposal>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<RuleProposal>>(
            async (connection, transaction) =>
            {
                var ids = await connection.QueryAsync<long>(
                    $"""
                    SELECT p.id FROM constitution_proposals p
                    WHERE p.chama_id = @chamaId
                      AND {DecisionVotes.NotRejected(DecisionKind.Rule, "p")}
                      AND NOT EXISTS (SELECT 1 FROM constitutions k WHERE k.proposal_id = p.id)
                    ORDER BY p.id;
                    """,
                    new { chamaId },
                    transaction);
                var open = new List<RuleProposal>();
                foreach (var id in ids)
                {
                    open.Add((await FindAsync(transaction, chamaId, id))!);
                }

                return open;
            },
            cancellationToken);
}
