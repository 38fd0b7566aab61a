using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Dapper;

namespace Chama.Data.Ledger;

/// <summary>A member's statement for the running cycle, read from one consistent snapshot.</summary>
public sealed class MemberStatements(IDatabase database)
{
    /// <summary>Null when the member's chama has no running cycle or the member is not in its rotation.</summary>
    public Task<MemberStatement?> FindAsync(Member member, DateOnly today, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) =>
            {
                var cycle = (await connection.QuerySingleOrDefaultAsync<CycleRow>(
                    $"{CycleRow.Select} WHERE chama_id = @ChamaId AND status = 'Active';", new { member.ChamaId }, transaction))?.ToCycle();
                if (cycle is null)
                {
                    return null;
                }

                var rounds = await ContributionLedger.SummariseCycleAsync(transaction, cycle.Id);
                if (rounds.Count == 0 || rounds[0].For(member.Id) is null)
                {
                    return null;
                }

                var totals = await connection.QuerySingleAsync<(long Credit, long Welfare)>(
                    """
                    SELECT (SELECT COALESCE(SUM(CASE kind WHEN 'CreditCarriedOut' THEN amount_minor ELSE -amount_minor END), 0)
                            FROM credit_entries WHERE member_id = @Id),
                           (SELECT COALESCE(SUM(amount_minor), 0) FROM contributions WHERE member_id = @Id AND fund = 'Welfare');
                    """,
                    new { member.Id },
                    transaction);
                var currency = cycle.Contribution.Currency;
                return MemberStatement.For(member, cycle, rounds, today, new Money(totals.Credit, currency), new Money(totals.Welfare, currency));
            },
            cancellationToken);
}
