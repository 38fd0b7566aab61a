using System.Data.Common;
using System.Globalization;
using Chama.Core;
using Dapper;

namespace Chama.Tests;

/// <summary>
/// Writes a loan as asking for it, its guarantors' acceptance, the officers' approval and its payout would have left it:
/// the loan, its accepted guarantors, the events up to 'PaidOut' and the schedule fixed that day. Also a repayment as
/// the ledger would split it. Straight into the tables, so a loan's life is tested apart from how it was granted.
/// </summary>
public static class PaidOutLoans
{
    private static long keys;

    public static async Task<long> SeedAsync(
        DbConnection connection,
        long chamaId,
        long borrowerId,
        Money principal,
        InterestMethod method,
        int rateBasisPoints,
        int termMonths,
        DateTimeOffset paidOutAt,
        IReadOnlyList<(long MemberId, Money Pledge)> guarantors,
        int penaltyPercent = 10)
    {
        var at = paidOutAt.ToUnixTimeMilliseconds();
        var loanId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO loans (chama_id, member_id, principal_minor, currency, term_months, interest_method, interest_rate_bp, penalty_percent, request_key, channel, requested_at)
            VALUES (@chamaId, @borrowerId, @Minor, @Currency, @termMonths, @Method, @rateBasisPoints, @penaltyPercent, @key, 'test', @at) RETURNING id;
            """,
            new { chamaId, borrowerId, principal.Minor, principal.Currency, termMonths, Method = method.ToString(), rateBasisPoints, penaltyPercent, key = $"seed-{Interlocked.Increment(ref keys)}-{Guid.NewGuid():N}", at });
        foreach (var (memberId, pledge) in guarantors)
        {
            var guarantorId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO loan_guarantors (loan_id, member_id, pledge_minor) VALUES (@loanId, @memberId, @Minor) RETURNING id;", new { loanId, memberId, pledge.Minor });
            await connection.ExecuteAsync(
                "INSERT INTO loan_guarantee_answers (guarantor_id, answer, channel, answered_at) VALUES (@guarantorId, 'Accepted', 'test', @at);", new { guarantorId, at });
        }

        foreach (var status in new[] { "Guaranteed", "Approved", "PaidOut" })
        {
            await connection.ExecuteAsync("INSERT INTO loan_events (loan_id, status, at) VALUES (@loanId, @status, @at);", new { loanId, status, at });
        }

        var start = DateOnly.FromDateTime(paidOutAt.ToOffset(NairobiTime.Offset).DateTime);
        var schedule = LoanSchedule.Plan(principal, method, rateBasisPoints, termMonths, start, LoanRounding.UnitOf(principal.Currency));
        foreach (var instalment in schedule.Instalments)
        {
            await connection.ExecuteAsync(
                "INSERT INTO loan_instalments (loan_id, number, due_on, principal_minor, interest_minor) VALUES (@loanId, @Number, @due, @PrincipalMinor, @InterestMinor);",
                new
                {
                    loanId, instalment.Number, due = instalment.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    PrincipalMinor = instalment.Principal.Minor, InterestMinor = instalment.Interest.Minor,
                });
        }

        return loanId;
    }

    /// <summary>Savings paid in, as a contribution to the 'Savings' fund.</summary>
    public static Task SaveAsync(DbConnection connection, long chamaId, long memberId, Money amount, string receipt, DateTimeOffset at) =>
        connection.ExecuteAsync(
            """
            INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at)
            VALUES (@chamaId, NULL, @memberId, 'Savings', @Minor, @Currency, @receipt, @At);
            """,
            new { chamaId, memberId, amount.Minor, amount.Currency, receipt, At = at.ToUnixTimeMilliseconds() });

    /// <summary>A repayment into the 'Loan' fund, split as the ledger splits it (penalty, interest, principal).</summary>
    public static async Task RepayAsync(DbConnection connection, long chamaId, long loanId, long memberId, LoanRepaymentParts parts, string receipt, DateTimeOffset at)
    {
        var total = parts.Total;
        var contributionId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at)
            VALUES (@chamaId, NULL, @memberId, 'Loan', @Minor, @Currency, @receipt, @At) RETURNING id;
            """,
            new { chamaId, memberId, total.Minor, total.Currency, receipt, At = at.ToUnixTimeMilliseconds() });
        await connection.ExecuteAsync(
            """
            INSERT INTO loan_repayments (contribution_id, loan_id, penalty_minor, interest_minor, principal_minor, to_savings_minor)
            VALUES (@contributionId, @loanId, @Penalty, @Interest, @Principal, 0);
            """,
            new { contributionId, loanId, Penalty = parts.Penalty.Minor, Interest = parts.Interest.Minor, Principal = parts.Principal.Minor });
    }
}
