using System.Data.Common;
using Chama.Core;
using Chama.Data.Cycles;
using Dapper;

namespace Chama.Data.Ledger;

/// <summary>A member's statement for the running cycle, read from one consistent snapshot.</summary>
public sealed class MemberStatements(IDatabase database)
{
    /// <summary>
    /// One command, six answers, all about the chama's running cycle: the cycle, its rounds, the member's own pot
    /// movements netted per round, the member's totals (unapplied credit; welfare paid, paid fines not counted; fines
    /// owed, neither waived nor paid; the welfare paid since the cycle started, for the levy owed), the levy of each
    /// constitution version, and whether the member joined the cycle while it ran. The member's movements are
    /// found by member (indexed), not by reading every movement of the cycle.
    /// </summary>
    private static readonly string Sql =
        $"""
        {CycleRow.Select} WHERE chama_id = @ChamaId AND status = 'Active';
        {RoundRow.Select} WHERE r.cycle_id = (SELECT id FROM cycles WHERE chama_id = @ChamaId AND status = 'Active') ORDER BY r.number;
        SELECT round_id, CAST(SUM(CASE WHEN kind IN ('CreditCarriedOut', 'Reversal') THEN -amount_minor ELSE amount_minor END) AS BIGINT) AS paid_minor
        FROM pot_movements
        WHERE member_id = @Id
          AND round_id IN (SELECT r.id FROM rounds r JOIN cycles c ON c.id = r.cycle_id WHERE c.chama_id = @ChamaId AND c.status = 'Active')
        GROUP BY round_id;
        SELECT (SELECT COALESCE(CAST(SUM(CASE kind WHEN 'CreditCarriedOut' THEN amount_minor ELSE -amount_minor END) AS BIGINT), 0)
                FROM credit_entries WHERE member_id = @Id)
                 - (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM reversal_entries WHERE member_id = @Id AND kind = 'Credit') AS credit,
               (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM contributions WHERE member_id = @Id AND fund = 'Welfare')
                 - (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM reversal_entries WHERE member_id = @Id AND kind = 'Welfare')
                 - (SELECT COALESCE(CAST(SUM(f.amount_minor) AS BIGINT), 0) FROM fines f JOIN fine_payments p ON p.fine_id = f.id WHERE f.member_id = @Id) AS welfare,
               (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM fines f
                WHERE f.member_id = @Id
                  AND NOT EXISTS (SELECT 1 FROM fine_waivers w WHERE w.fine_id = f.id)
                  AND NOT EXISTS (SELECT 1 FROM fine_payments p WHERE p.fine_id = f.id)) AS fines,
               (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM contributions
                WHERE member_id = @Id AND fund = 'Welfare' AND recorded_at >= (SELECT COALESCE(started_at, 0) FROM cycles WHERE chama_id = @ChamaId AND status = 'Active')
                  AND NOT EXISTS (SELECT 1 FROM payment_reversals x WHERE x.contribution_id = contributions.id))
                 - (SELECT COALESCE(CAST(SUM(f.amount_minor) AS BIGINT), 0) FROM fines f
                    JOIN fine_payments p ON p.fine_id = f.id JOIN contributions c ON c.id = p.contribution_id
                    WHERE f.member_id = @Id AND c.recorded_at >= (SELECT COALESCE(started_at, 0) FROM cycles WHERE chama_id = @ChamaId AND status = 'Active')) AS welfare_this_cycle;
        SELECT welfare_levy_minor, COALESCE(changed_at, created_at) FROM constitutions WHERE chama_id = @ChamaId ORDER BY version;
        SELECT member_id, from_round, own_round FROM cycle_joins
        WHERE member_id = @Id AND cycle_id = (SELECT id FROM cycles WHERE chama_id = @ChamaId AND status = 'Active');
        """;

    /// <summary>Null when the member's chama has no running cycle or the member is not in its rotation.</summary>
    public Task<MemberStatement?> FindAsync(Member member, DateOnly today, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, transaction) => FindAsync(connection, transaction, member, today), cancellationToken);

    /// <summary>The statement read inside the caller's transaction (a write that must see the ledger as it stands).</summary>
    internal static async Task<MemberStatement?> FindAsync(DbConnection connection, DbTransaction transaction, Member member, DateOnly today)
    {
        await using var results = await connection.QueryMultipleAsync(Sql, new { member.ChamaId, member.Id }, transaction);
        var cycle = (await results.ReadSingleOrDefaultAsync<CycleRow>())?.ToCycle();
        var rounds = (await results.ReadAsync<RoundRow>()).Select(r => r.ToRound()).ToList();
        var paid = (await results.ReadAsync<(long RoundId, long PaidMinor)>()).ToList();
        var totals = await results.ReadSingleAsync<(long Credit, long Welfare, long Fines, long WelfareThisCycle)>();
        var levies = (await results.ReadAsync<(long LevyMinor, long MadeAt)>())
            .Select(l => (DateTimeOffset.FromUnixTimeMilliseconds(l.MadeAt), l.LevyMinor)).ToList();
        var join = (await results.ReadAsync<(long MemberId, long FromRound, long OwnRound)>())
            .Select(j => new CycleJoin(j.MemberId, (int)j.FromRound, (int)j.OwnRound)).SingleOrDefault();

        // The rotation is the members the cycle has rounds for: one who receives no round is not in it.
        if (cycle is null || !rounds.Any(r => r.RecipientMemberId == member.Id))
        {
            return null;
        }

        var currency = cycle.Contribution.Currency;
        return MemberStatement.For(
            member,
            cycle,
            rounds,
            paid.ToDictionary(p => p.RoundId, p => new Money(p.PaidMinor, currency)),
            today,
            new Money(totals.Credit, currency),
            new Money(totals.Welfare, currency),
            new Money(totals.Fines, currency),
            join,
            round => new Money(RoundRules.For(levies, rounds, round), currency),
            new Money(totals.WelfareThisCycle, currency));
    }
}
