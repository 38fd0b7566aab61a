using Chama.Data.Chamas;
using Dapper;

namespace Chama.Bot.Tests.Loans;

/// <summary>The demo chama made to lend, for the tests of asking for a loan.</summary>
public static class Lending
{
    /// <summary>
    /// Umoja lends under a new constitution version (three times savings, one guarantor pledging half, 1% a month flat,
    /// 80% of the fund at once), and every member has KES 10,000 saved.
    /// </summary>
    public static async Task StartAsync(BotFactory host, Demo demo)
    {
        await using var connection = host.Storage.Connect();
        await connection.ExecuteAsync(
            """
            INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                       approvals_required, members_see_pending, grace_days, fines_fund, welfare_cooling_off_hours,
                                       fine_mode, fine_cap_minor, welfare_payout_limit_minor, exit_deduction_percent, payout_phone_delay_hours, savings_minor, loan_multiple, loan_cap_minor,
                                       interest_method, interest_rate_bp, loan_term_months, guarantors, guarantee_percent, loan_penalty_percent,
                                       lend_percent, default_after_missed, created_at)
            SELECT chama_id, version + 1, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                   approvals_required, members_see_pending, grace_days, fines_fund, welfare_cooling_off_hours,
                   fine_mode, fine_cap_minor, welfare_payout_limit_minor, exit_deduction_percent, payout_phone_delay_hours, savings_minor, 3, loan_cap_minor,
                   interest_method, interest_rate_bp, loan_term_months, 1, guarantee_percent, loan_penalty_percent,
                   lend_percent, default_after_missed, created_at
            FROM constitutions WHERE chama_id = @Id AND version = (SELECT MAX(version) FROM constitutions WHERE chama_id = @Id);
            """,
            new { demo.Chama.Id });
        host.Get<ChamaStore>().Forget(demo.Chama.Id);
        var n = 0;
        foreach (var member in demo.Members)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at)
                VALUES (@ChamaId, NULL, @Id, 'Savings', 1000000, 'KES', @Receipt, 1768000000000);
                """,
                new { member.ChamaId, member.Id, Receipt = $"SAV000000{++n}" });
        }
    }
}
