using System.Data.Common;
using System.Globalization;
using Chama.Core;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>
/// The one read of loans: a loan, a member's open loan or a chama's loans with every fact stored about them, in the
/// caller's transaction (so a write that decides on a loan reads it under the chama's write lock). Each table is read
/// once for all the loans asked for.
/// </summary>
public static class LoanBook
{
    public static async Task<LoanFacts?> LoadAsync(DbTransaction transaction, long loanId) =>
        (await LoadWhereAsync(transaction, "l.id = @Id", new { Id = loanId })).SingleOrDefault();

    /// <summary>The member's loan that is asked and not closed, if any (there is at most one).</summary>
    public static async Task<LoanFacts?> OpenLoanOfAsync(DbTransaction transaction, long memberId) =>
        (await LoadWhereAsync(transaction, "l.member_id = @Id", new { Id = memberId })).LastOrDefault(loan => loan.IsOpen);

    /// <summary>The chama's loans that are asked and not closed, oldest first.</summary>
    public static async Task<IReadOnlyList<LoanFacts>> OpenLoansAsync(DbTransaction transaction, long chamaId) =>
        (await LoadWhereAsync(transaction, "l.chama_id = @Id", new { Id = chamaId })).Where(loan => loan.IsOpen).ToList();

    /// <summary>Every loan of the chama, oldest first (for the dashboard and reports).</summary>
    public static Task<IReadOnlyList<LoanFacts>> AllLoansAsync(DbTransaction transaction, long chamaId) =>
        LoadWhereAsync(transaction, "l.chama_id = @Id", new { Id = chamaId });

    private static async Task<IReadOnlyList<LoanFacts>> LoadWhereAsync(DbTransaction transaction, string where, object parameters)
    {
        var connection = transaction.Connection!;
        var loans = (await connection.QueryAsync<LoanRow>(
            $"""
            SELECT l.id, l.chama_id, l.member_id, l.principal_minor, l.currency, l.term_months, l.interest_method, l.interest_rate_bp,
                   l.penalty_percent, l.channel, l.requested_at
            FROM loans l WHERE {where} ORDER BY l.id;
            """,
            parameters,
            transaction)).ToList();
        if (loans.Count == 0)
        {
            return [];
        }

        var ids = IdList.Of(loans.Select(l => l.Id));
        var guarantors = (await connection.QueryAsync<(long LoanId, long MemberId, long PledgeMinor, string? Answer)>(
            $"""
            SELECT g.loan_id, g.member_id, g.pledge_minor, a.answer
            FROM loan_guarantors g LEFT JOIN loan_guarantee_answers a ON a.guarantor_id = g.id
            WHERE g.loan_id IN {ids} ORDER BY g.id;
            """,
            transaction: transaction)).ToLookup(g => g.LoanId);
        var events = (await connection.QueryAsync<(long LoanId, string Status, long At)>(
            $"SELECT loan_id, status, at FROM loan_events WHERE loan_id IN {ids};", transaction: transaction)).ToLookup(e => e.LoanId);
        var instalments = (await connection.QueryAsync<(long LoanId, long Number, string DueOn, long PrincipalMinor, long InterestMinor)>(
            $"SELECT loan_id, number, due_on, principal_minor, interest_minor FROM loan_instalments WHERE loan_id IN {ids} ORDER BY loan_id, number;",
            transaction: transaction)).ToLookup(i => i.LoanId);
        var charges = (await connection.QueryAsync<(long LoanId, long Instalment, string Kind, long AmountMinor)>(
            $"SELECT loan_id, instalment, kind, amount_minor FROM loan_charges WHERE loan_id IN {ids} ORDER BY id;", transaction: transaction)).ToLookup(c => c.LoanId);
        // Repayments and recoveries from savings reduce a loan alike: each is split penalty, interest, principal.
        var repaid = (await connection.QueryAsync<(long LoanId, long PenaltyMinor, long InterestMinor, long PrincipalMinor)>(
            $"""
            SELECT loan_id, penalty_minor, interest_minor, principal_minor FROM loan_repayments WHERE loan_id IN {ids}
            UNION ALL
            SELECT loan_id, penalty_minor, interest_minor, principal_minor FROM loan_recoveries WHERE loan_id IN {ids};
            """,
            transaction: transaction)).ToLookup(r => r.LoanId);

        return loans.Select(loan =>
        {
            Money Of(long minor) => new(minor, loan.Currency);
            var loanEvents = events[loan.Id].ToDictionary(e => e.Status, e => DateTimeOffset.FromUnixTimeMilliseconds(e.At));
            return new LoanFacts(
                loan.Id,
                loan.ChamaId,
                loan.MemberId,
                Of(loan.PrincipalMinor),
                (int)loan.TermMonths,
                Enum.Parse<InterestMethod>(loan.InterestMethod),
                (int)loan.InterestRateBp,
                (int)loan.PenaltyPercent,
                loan.Channel,
                DateTimeOffset.FromUnixTimeMilliseconds(loan.RequestedAt),
                guarantors[loan.Id].Select(g => new LoanGuarantor(g.MemberId, Of(g.PledgeMinor), g.Answer is null ? null : Enum.Parse<GuaranteeAnswer>(g.Answer))).ToList(),
                loanEvents,
                ScheduleOf(loan, instalments[loan.Id].ToList(), loanEvents),
                charges[loan.Id].Select(c => new LoanCharge((int)c.Instalment, Enum.Parse<LoanChargeKind>(c.Kind), Of(c.AmountMinor))).ToList(),
                repaid[loan.Id].Select(r => new LoanRepaymentParts(Of(r.PenaltyMinor), Of(r.InterestMinor), Of(r.PrincipalMinor))).ToList());
        }).ToList();
    }

    /// <summary>The schedule stored when the money reached the borrower, starting the Nairobi day of that payout.</summary>
    private static LoanSchedule? ScheduleOf(LoanRow loan, IReadOnlyList<(long LoanId, long Number, string DueOn, long PrincipalMinor, long InterestMinor)> rows, IReadOnlyDictionary<string, DateTimeOffset> events)
    {
        if (rows.Count == 0 || !events.TryGetValue("PaidOut", out var paidOut))
        {
            return null;
        }

        var instalments = rows.Select(r => new Instalment(
            (int)r.Number,
            DateOnly.ParseExact(r.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            new Money(r.PrincipalMinor, loan.Currency),
            new Money(r.InterestMinor, loan.Currency))).ToList();
        var principal = instalments.Aggregate(Money.Zero(loan.Currency), (sum, i) => sum + i.Principal);
        var interest = instalments.Aggregate(Money.Zero(loan.Currency), (sum, i) => sum + i.Interest);
        return new LoanSchedule(instalments, principal, interest, principal + interest)
        {
            Start = DateOnly.FromDateTime(paidOut.ToOffset(NairobiTime.Offset).DateTime),
        };
    }

    /// <summary>Writes the schedule fixed when the loan's money reached the borrower (<c>due_on</c> as ISO dates).</summary>
    public static async Task InsertScheduleAsync(DbTransaction transaction, long loanId, LoanSchedule schedule)
    {
        foreach (var instalment in schedule.Instalments)
        {
            await transaction.Connection!.ExecuteAsync(
                "INSERT INTO loan_instalments (loan_id, number, due_on, principal_minor, interest_minor) VALUES (@loanId, @Number, @DueOn, @Principal, @Interest);",
                new
                {
                    loanId,
                    instalment.Number,
                    DueOn = instalment.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Principal = instalment.Principal.Minor,
                    Interest = instalment.Interest.Minor,
                },
                transaction);
        }
    }

    /// <summary>Appends one event of a loan's life; false when the loan already has it (a retry), so the caller does its work once.</summary>
    public static async Task<bool> TryAddEventAsync(DbTransaction transaction, long loanId, string status, string detail, DateTimeOffset at) =>
        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO loan_events (loan_id, status, detail, at) VALUES (@loanId, @status, @detail, @At)
            ON CONFLICT (loan_id, status) DO NOTHING;
            """,
            new { loanId, status, detail, At = at.ToUnixTimeMilliseconds() },
            transaction) == 1;

    private sealed class LoanRow
    {
        public long Id { get; init; }
        public long ChamaId { get; init; }
        public long MemberId { get; init; }
        public long PrincipalMinor { get; init; }
        public string Currency { get; init; } = "";
        public long TermMonths { get; init; }
        public string InterestMethod { get; init; } = "";
        public long InterestRateBp { get; init; }
        public long PenaltyPercent { get; init; }
        public string Channel { get; init; } = "";
        public long RequestedAt { get; init; }
    }
}
