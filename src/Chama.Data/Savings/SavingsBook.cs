using System.Data.Common;
using Chama.Core;
using Chama.Data.Loans;
using Dapper;

namespace Chama.Data.Savings;

/// <summary>
/// The one read of savings, inside the caller's transaction. A member's savings are what they paid into the 'Savings'
/// fund, plus what was left over from their loan repayments, less what was taken from their savings to recover a loan
/// they guaranteed (source 'Pledge'), less what an approved share-out paid them as savings.
/// </summary>
/// <remarks>
/// A share-out's loan deduction (recovery source 'ShareOut') is not taken from savings a second time: it is part of the
/// line's savings and earnings, which the approved line already consumes, and only the rest is paid out.
/// </remarks>
public static class SavingsBook
{

    public static async Task<Money> MemberSavingsAsync(DbTransaction transaction, long memberId, string currency)
    {
        var minor = await transaction.Connection!.ExecuteScalarAsync<long>(
            $"SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM ({Movements(OfMember)}) m;", new { memberId }, transaction);
        return new Money(minor, currency);
    }

    /// <summary>Every member's savings in one query (members who never saved are absent).</summary>
    public static async Task<IReadOnlyDictionary<long, Money>> SavingsByMemberAsync(DbTransaction transaction, long chamaId, string currency)
    {
        var rows = await transaction.Connection!.QueryAsync<(long MemberId, long Minor)>(
            $"SELECT member_id, CAST(SUM(amount_minor) AS BIGINT) FROM ({Movements(OfChama)}) m GROUP BY member_id;", new { chamaId }, transaction);
        return rows.ToDictionary(r => r.MemberId, r => new Money(r.Minor, currency));
    }

    /// <summary>
    /// What the member has pledged as a guarantor on loans still open, leaving out pledges they declined and pledges
    /// already taken from their savings by a recovery.
    /// </summary>
    public static async Task<Money> PledgedAsync(DbTransaction transaction, long memberId, string currency)
    {
        var minor = await transaction.Connection!.ExecuteScalarAsync<long>(
            $"""
            SELECT COALESCE(CAST(SUM(g.pledge_minor) AS BIGINT), 0) FROM loan_guarantors g
            WHERE g.member_id = @memberId
              AND NOT EXISTS (SELECT 1 FROM loan_guarantee_answers a WHERE a.guarantor_id = g.id AND a.answer = 'Declined')
              AND NOT EXISTS (SELECT 1 FROM loan_events e WHERE e.loan_id = g.loan_id AND e.status IN ({LoanFacts.ClosingEventsSql}))
              AND NOT EXISTS (SELECT 1 FROM loan_recoveries x WHERE x.loan_id = g.loan_id AND x.member_id = g.member_id AND x.source = 'Pledge');
            """,
            new { memberId },
            transaction);
        return new Money(minor, currency);
    }

    /// <summary>
    /// The pooled fund: every member's savings; earnings = interest and penalties repaid or recovered, less the earnings
    /// approved share-outs paid; lent out = principal of loans paid out, less principal repaid or recovered.
    /// </summary>
    public static async Task<PooledFund> FundAsync(DbTransaction transaction, long chamaId, string currency)
    {
        var totals = await transaction.Connection!.QuerySingleAsync<(long Savings, long Earnings, long LentOut)>(
            $"""
            SELECT (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM ({Movements(OfChama)}) m),
                   (SELECT COALESCE(CAST(SUM(r.penalty_minor + r.interest_minor) AS BIGINT), 0)
                      FROM loan_repayments r JOIN loans l ON l.id = r.loan_id WHERE l.chama_id = @chamaId)
                   + (SELECT COALESCE(CAST(SUM(x.penalty_minor + x.interest_minor) AS BIGINT), 0)
                      FROM loan_recoveries x JOIN loans l ON l.id = x.loan_id WHERE l.chama_id = @chamaId)
                   - (SELECT COALESCE(CAST(SUM(o.earnings_minor) AS BIGINT), 0)
                      FROM share_out_lines o JOIN share_outs s ON s.id = o.share_out_id WHERE s.chama_id = @chamaId AND {Approved("s")}),
                   (SELECT COALESCE(CAST(SUM(l.principal_minor) AS BIGINT), 0) FROM loans l
                      WHERE l.chama_id = @chamaId AND EXISTS (SELECT 1 FROM loan_events e WHERE e.loan_id = l.id AND e.status = 'PaidOut'))
                   - (SELECT COALESCE(CAST(SUM(r.principal_minor) AS BIGINT), 0)
                      FROM loan_repayments r JOIN loans l ON l.id = r.loan_id WHERE l.chama_id = @chamaId)
                   - (SELECT COALESCE(CAST(SUM(x.principal_minor) AS BIGINT), 0)
                      FROM loan_recoveries x JOIN loans l ON l.id = x.loan_id WHERE l.chama_id = @chamaId);
            """,
            new { chamaId },
            transaction);
        return new PooledFund(new Money(totals.Savings, currency), new Money(totals.Earnings, currency), new Money(totals.LentOut, currency));
    }

    private static string OfMember(string memberColumn, string chamaColumn) => $"{memberColumn} = @memberId";

    private static string OfChama(string memberColumn, string chamaColumn) => $"{chamaColumn} = @chamaId";

    private static string Approved(string shareOut) =>
        $"EXISTS (SELECT 1 FROM share_out_events e WHERE e.share_out_id = {shareOut}.id AND e.status = 'Approved')";

    /// <summary>Every movement of savings, signed, as (member_id, amount_minor), for one member or one chama.</summary>
    private static string Movements(Func<string, string, string> scope) =>
        $"""
        SELECT c.member_id, c.amount_minor FROM contributions c WHERE c.fund = 'Savings' AND {scope("c.member_id", "c.chama_id")}
        UNION ALL
        SELECT c.member_id, r.to_savings_minor FROM loan_repayments r JOIN contributions c ON c.id = r.contribution_id
          WHERE {scope("c.member_id", "c.chama_id")}
        UNION ALL
        SELECT x.member_id, -(x.penalty_minor + x.interest_minor + x.principal_minor) FROM loan_recoveries x JOIN loans l ON l.id = x.loan_id
          WHERE x.source = 'Pledge' AND {scope("x.member_id", "l.chama_id")}
        UNION ALL
        SELECT o.member_id, -o.savings_minor FROM share_out_lines o JOIN share_outs s ON s.id = o.share_out_id
          WHERE {Approved("s")} AND {scope("o.member_id", "s.chama_id")}
        """;
}
