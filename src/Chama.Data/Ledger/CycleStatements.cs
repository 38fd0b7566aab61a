using Chama.Core;
using Chama.Data.Cycles;
using Dapper;

namespace Chama.Data.Ledger;

/// <summary>
/// A member's statement for the running cycle (<see cref="CycleStatement"/>), read from the ledger's own tables in one
/// snapshot: payments into this cycle's pots and the credit they moved, credit brought from earlier cycles, the fines
/// charged in this cycle's rounds with their waivers, what the member paid into the welfare fund since the cycle began
/// (the fines it paid, the rest), into savings and to their loan (with its split), welfare payouts and loans paid to
/// them and the pot paid to them. Every row is found by member.
/// </summary>
public sealed class CycleStatements(IDatabase database)
{
    private static readonly string CycleSql =
        $"""
        {CycleRow.Select} WHERE chama_id = @ChamaId AND status = 'Active';
        SELECT COALESCE(started_at, 0) FROM cycles WHERE chama_id = @ChamaId AND status = 'Active';
        {RoundRow.Select} WHERE r.cycle_id = (SELECT id FROM cycles WHERE chama_id = @ChamaId AND status = 'Active') ORDER BY r.number;
        SELECT member_id, from_round, own_round FROM cycle_joins
        WHERE member_id = @Id AND cycle_id = (SELECT id FROM cycles WHERE chama_id = @ChamaId AND status = 'Active');
        """;

    /// <summary>
    /// The member's money, one query each: payments into this cycle's pots and into the welfare fund since it began,
    /// with how they came; their credit entries of every cycle; fines of this cycle's rounds; the fines each welfare
    /// payment paid; welfare payouts to them; pots paid to them; their recorded payments the officers reversed.
    /// </summary>
    private const string MovementsSql =
        """
        SELECT c.id, c.fund, c.amount_minor, c.receipt, c.recorded_at, r.number AS round_number, pr.purpose, pr.id AS payment_request_id,
               (SELECT COUNT(*) FROM suspense_allocations sa WHERE sa.contribution_id = c.id) AS allocations,
               rp.paid_minor, rp.paid_currency, rp.rate,
               lr.loan_id, lr.penalty_minor, lr.interest_minor, lr.principal_minor, lr.to_savings_minor
        FROM contributions c
        LEFT JOIN rounds r ON r.id = c.round_id
        LEFT JOIN payment_requests pr ON pr.id = c.payment_request_id
        LEFT JOIN recorded_payments rp ON rp.contribution_id = c.id
        LEFT JOIN loan_repayments lr ON lr.contribution_id = c.id
        WHERE c.member_id = @Id AND ((c.fund = 'Pot' AND r.cycle_id = @CycleId) OR (c.fund IN ('Welfare', 'Savings', 'Loan') AND c.recorded_at >= @StartedAt))
        ORDER BY c.recorded_at, c.id;
        SELECT subject, channel FROM audit_log
        WHERE chama_id = @ChamaId AND action IN ('contribution.recorded', 'welfare.contribution', 'savings.deposit', 'loan.repayment') AND subject LIKE @MemberSubject;
        SELECT ce.kind, ce.amount_minor, ce.created_at, r.number AS round_number, r.cycle_id, c.receipt, c.currency
        FROM credit_entries ce JOIN rounds r ON r.id = ce.round_id JOIN contributions c ON c.id = ce.contribution_id
        WHERE ce.member_id = @Id
        ORDER BY ce.id;
        SELECT f.id, f.amount_minor, f.charged_at, r.number AS round_number, w.at AS waived_at
        FROM fines f JOIN rounds r ON r.id = f.round_id LEFT JOIN fine_waivers w ON w.fine_id = f.id
        WHERE f.member_id = @Id AND r.cycle_id = @CycleId
        ORDER BY f.id;
        SELECT fp.contribution_id, f.id AS fine_id, f.amount_minor, r.number AS round_number
        FROM fine_payments fp JOIN fines f ON f.id = fp.fine_id JOIN rounds r ON r.id = f.round_id JOIN contributions c ON c.id = fp.contribution_id
        WHERE c.member_id = @Id AND c.recorded_at >= @StartedAt
        ORDER BY f.id;
        SELECT p.amount_minor, p.reference, p.paid_at, p.request_id
        FROM welfare_payouts p JOIN welfare_requests w ON w.id = p.request_id
        WHERE w.member_id = @Id AND p.paid_at >= @StartedAt
        ORDER BY p.id;
        SELECT d.amount_minor, r.number AS round_number, e.transaction_id, e.at, d.subject_id
        FROM disbursements d
        JOIN rounds r ON r.id = d.subject_id
        JOIN disbursement_events e ON e.disbursement_id = d.id AND e.status = 'Completed'
        WHERE d.recipient_member_id = @Id AND d.kind = 'Pot' AND r.cycle_id = @CycleId
        ORDER BY d.id;
        SELECT v.amount_minor, v.reversed_at, c.receipt, c.fund, r.number AS round_number
        FROM payment_reversals v JOIN contributions c ON c.id = v.contribution_id LEFT JOIN rounds r ON r.id = c.round_id
        WHERE c.member_id = @Id AND ((c.fund = 'Pot' AND r.cycle_id = @CycleId) OR (c.fund = 'Welfare' AND v.reversed_at >= @StartedAt))
        ORDER BY v.id;
        SELECT d.amount_minor, d.subject_id AS loan_id, e.transaction_id, e.at
        FROM disbursements d
        JOIN disbursement_events e ON e.disbursement_id = d.id AND e.status = 'Completed'
        WHERE d.recipient_member_id = @Id AND d.kind = 'Loan' AND e.at >= @StartedAt
        ORDER BY d.id;
        """;

    /// <summary>Null when the member's chama has no running cycle or the member is not in its rotation.</summary>
    public Task<CycleStatement?> FindAsync(Member member, DateOnly today, CancellationToken cancellationToken = default) =>
        database.ReadAsync<CycleStatement?>(
            async (connection, transaction) =>
            {
                Cycle? cycle;
                long startedAt;
                List<Round> rounds;
                CycleJoin? join;
                await using (var results = await connection.QueryMultipleAsync(CycleSql, new { member.ChamaId, member.Id }, transaction))
                {
                    cycle = (await results.ReadSingleOrDefaultAsync<CycleRow>())?.ToCycle();
                    startedAt = await results.ReadSingleOrDefaultAsync<long>();
                    rounds = (await results.ReadAsync<RoundRow>()).Select(r => r.ToRound()).ToList();
                    join = (await results.ReadAsync<(long MemberId, long FromRound, long OwnRound)>())
                        .Select(j => new CycleJoin(j.MemberId, (int)j.FromRound, (int)j.OwnRound)).SingleOrDefault();
                }

                // The rotation is the members the cycle has rounds for, as for the balance.
                if (cycle is null || !rounds.Any(r => r.RecipientMemberId == member.Id))
                {
                    return null;
                }

                await using var movements = await connection.QueryMultipleAsync(
                    MovementsSql,
                    new { member.ChamaId, member.Id, CycleId = cycle.Id, StartedAt = startedAt, MemberSubject = $"% member:{member.Id} %" },
                    transaction);
                var read = new StatementRows(
                    (await movements.ReadAsync<StatementRows.Payment>()).ToList(),
                    (await movements.ReadAsync<(string Subject, string Channel)>()).ToList(),
                    (await movements.ReadAsync<StatementRows.Credit>()).ToList(),
                    (await movements.ReadAsync<StatementRows.Fine>()).ToList(),
                    (await movements.ReadAsync<StatementRows.FinePaid>()).ToList(),
                    (await movements.ReadAsync<StatementRows.WelfarePayout>()).ToList(),
                    (await movements.ReadAsync<StatementRows.PotPayout>()).ToList(),
                    (await movements.ReadAsync<StatementRows.Reversal>()).ToList(),
                    (await movements.ReadAsync<StatementRows.LoanPayout>()).ToList());
                var currency = cycle.Contribution.Currency;
                return CycleStatement.Build(member, cycle, rounds, today, read.BroughtForward(cycle.Id, currency), read.Movements(cycle.Id, currency), join);
            },
            cancellationToken);
}
