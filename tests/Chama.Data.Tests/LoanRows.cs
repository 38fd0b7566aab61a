using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// Writes table-banking rows straight into the tables, for store tests that need a loan's history without walking
/// through asking, guaranteeing and paying out (each of which has its own tests).
/// </summary>
public sealed class LoanRows(TestDatabase db)
{
    private long at = 1_767_000_000_000;

    public Task<long> ContributionAsync(long chamaId, long memberId, string fund, long minor, string receipt) =>
        ScalarAsync(
            ChamaItself,
            """
            INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at)
            VALUES (@chamaId, NULL, @memberId, @fund, @minor, 'KES', @receipt, @At) RETURNING id;
            """,
            new { chamaId, memberId, fund, minor, receipt, At = ++at });

    public Task<long> LoanAsync(long chamaId, long memberId, long principalMinor) =>
        ScalarAsync(
            ChamaItself,
            """
            INSERT INTO loans (chama_id, member_id, principal_minor, currency, term_months, interest_method, interest_rate_bp, penalty_percent, request_key, channel, requested_at)
            VALUES (@chamaId, @memberId, @principalMinor, 'KES', 3, 'Flat', 100, 10, @Key, 'test', @At) RETURNING id;
            """,
            new { chamaId, memberId, principalMinor, Key = Guid.NewGuid().ToString("N"), At = ++at });

    public Task EventAsync(long loanId, string status) =>
        ExecuteAsync(ChamaOfLoan, "INSERT INTO loan_events (loan_id, status, at) VALUES (@loanId, @status, @At);", new { loanId, status, At = ++at });

    public Task<long> GuarantorAsync(long loanId, long memberId, long pledgeMinor) =>
        ScalarAsync(
            ChamaOfLoan,
            "INSERT INTO loan_guarantors (loan_id, member_id, pledge_minor) VALUES (@loanId, @memberId, @pledgeMinor) RETURNING id;",
            new { loanId, memberId, pledgeMinor });

    public Task AnswerAsync(long guarantorId, string answer) =>
        ExecuteAsync(
            ChamaOfGuarantor,
            "INSERT INTO loan_guarantee_answers (guarantor_id, answer, channel, answered_at) VALUES (@guarantorId, @answer, 'test', @At);",
            new { guarantorId, answer, At = ++at });

    /// <summary>A repayment: its money as a 'Loan' contribution, and its split.</summary>
    public async Task RepaymentAsync(long chamaId, long memberId, long loanId, string receipt, long penalty, long interest, long principal, long toSavings)
    {
        var contributionId = await ContributionAsync(chamaId, memberId, "Loan", penalty + interest + principal + toSavings, receipt);
        await ExecuteAsync(
            ChamaItself,
            """
            INSERT INTO loan_repayments (contribution_id, loan_id, penalty_minor, interest_minor, principal_minor, to_savings_minor)
            VALUES (@contributionId, @loanId, @penalty, @interest, @principal, @toSavings);
            """,
            new { chamaId, contributionId, loanId, penalty, interest, principal, toSavings });
    }

    public Task RecoveryAsync(long loanId, long memberId, string source, long penalty, long interest, long principal) =>
        ExecuteAsync(
            ChamaOfLoan,
            """
            INSERT INTO loan_recoveries (loan_id, member_id, source, penalty_minor, interest_minor, principal_minor, recovered_at)
            VALUES (@loanId, @memberId, @source, @penalty, @interest, @principal, @At);
            """,
            new { loanId, memberId, source, penalty, interest, principal, At = ++at });

    public Task<long> ShareOutAsync(long chamaId, long proposedBy) =>
        ScalarAsync(
            ChamaItself,
            """
            INSERT INTO share_outs (chama_id, proposed_by_member_id, savings_minor, earnings_minor, currency, proposed_at)
            VALUES (@chamaId, @proposedBy, 0, 0, 'KES', @At) RETURNING id;
            """,
            new { chamaId, proposedBy, At = ++at });

    public Task ShareOutLineAsync(long shareOutId, long memberId, long savings, long earnings, long loanDeducted) =>
        ExecuteAsync(
            ChamaOfShareOut,
            """
            INSERT INTO share_out_lines (share_out_id, member_id, savings_minor, earnings_minor, loan_deducted_minor, payout_minor)
            VALUES (@shareOutId, @memberId, @savings, @earnings, @loanDeducted, @Payout);
            """,
            new { shareOutId, memberId, savings, earnings, loanDeducted, Payout = savings + earnings - loanDeducted });

    public Task ShareOutEventAsync(long shareOutId, string status) =>
        ExecuteAsync(ChamaOfShareOut, "INSERT INTO share_out_events (share_out_id, status, at) VALUES (@shareOutId, @status, @At);", new { shareOutId, status, At = ++at });

    // Each write enters the chama its row belongs to, found as a store finds it from the parameters.
    private const string ChamaItself = "SELECT @chamaId;";
    private const string ChamaOfLoan = "SELECT chama_id FROM loans WHERE id = @loanId;";
    private const string ChamaOfGuarantor = "SELECT l.chama_id FROM loan_guarantors g JOIN loans l ON l.id = g.loan_id WHERE g.id = @guarantorId;";
    private const string ChamaOfShareOut = "SELECT chama_id FROM share_outs WHERE id = @shareOutId;";

    private Task<long> ScalarAsync(string chamaOf, string sql, object parameters) =>
        db.Database.WriteInChamaOfAsync(chamaOf, parameters, (connection, transaction) => connection.ExecuteScalarAsync<long>(sql, parameters, transaction));

    private Task ExecuteAsync(string chamaOf, string sql, object parameters) =>
        db.Database.WriteInChamaOfAsync(chamaOf, parameters, (connection, transaction) => connection.ExecuteAsync(sql, parameters, transaction));
}
