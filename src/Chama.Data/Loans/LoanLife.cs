using System.Data.Common;
using System.Globalization;
using Chama.Core;
using Chama.Data.Chamas;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>A member guaranteeing a loan, the savings they pledged to it, and whether they accepted (null: not answered yet).</summary>
public sealed record LoanGuarantee(Member Member, Money Pledge, bool? Accepted);

/// <summary>
/// A loan paid out, as its charges, reminders, default and recovery need it: its terms as fixed when it was asked, the
/// borrower and guarantors, what happened to it (each status once, with when), the schedule written when the money
/// reached the borrower, the charges made and every part repaid or recovered.
/// </summary>
public sealed record LoanLife(
    long Id,
    long ChamaId,
    Member Borrower,
    Money Principal,
    InterestMethod Method,
    int RateBasisPoints,
    int PenaltyPercent,
    IReadOnlyList<LoanGuarantee> Guarantors,
    IReadOnlyDictionary<string, DateTimeOffset> Events,
    LoanSchedule Schedule,
    IReadOnlyList<LoanCharge> Charges,
    IReadOnlyList<LoanRepaymentParts> Repaid)
{
    /// <summary>The loan's unit of payment (<see cref="LoanRounding"/>).</summary>
    public long Unit => LoanRounding.UnitOf(Principal.Currency);

    public string Code => $"L{Id}";

    public bool Defaulted => Events.ContainsKey("Defaulted");

    /// <summary>Repaid, or recovered from the pledges: nothing more is charged, reminded or recovered.</summary>
    public bool Closed => Events.ContainsKey("Repaid") || Events.ContainsKey("Recovered");

    public LoanPosition Position(DateOnly today, int graceDays) => LoanPosition.Of(Schedule, Charges, Repaid, today, graceDays);

    /// <summary>The loans of a chama whose money reached the borrower and that are neither repaid nor recovered, oldest first.</summary>
    internal static async Task<IReadOnlyList<long>> RunningIdsAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QueryAsync<long>(
            """
            SELECT l.id FROM loans l
            WHERE l.chama_id = @chamaId
              AND EXISTS (SELECT 1 FROM loan_events e WHERE e.loan_id = l.id AND e.status = 'PaidOut')
              AND NOT EXISTS (SELECT 1 FROM loan_events e WHERE e.loan_id = l.id AND e.status IN ('Repaid', 'Recovered'))
            ORDER BY l.id;
            """,
            new { chamaId },
            transaction)).ToList();

    /// <summary>Every loan of a chama whose money reached the borrower, oldest first.</summary>
    internal static async Task<IReadOnlyList<long>> PaidOutIdsAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QueryAsync<long>(
            "SELECT l.id FROM loans l WHERE l.chama_id = @chamaId AND EXISTS (SELECT 1 FROM loan_events e WHERE e.loan_id = l.id AND e.status = 'PaidOut') ORDER BY l.id;",
            new { chamaId },
            transaction)).ToList();

    /// <summary>The loan of the chama, once paid out; null for any other id or a loan whose money has not reached the borrower.</summary>
    internal static async Task<LoanLife?> LoadAsync(DbTransaction transaction, long chamaId, long loanId)
    {
        var connection = transaction.Connection!;
        var found = await connection.QuerySingleOrDefaultAsync<(long Id, long ChamaId, long MemberId, long PrincipalMinor, string Currency, string InterestMethod, long InterestRateBp, long PenaltyPercent)?>(
            "SELECT id, chama_id, member_id, principal_minor, currency, interest_method, interest_rate_bp, penalty_percent FROM loans WHERE id = @loanId AND chama_id = @chamaId;",
            new { loanId, chamaId },
            transaction);
        if (found is not { } loan)
        {
            return null;
        }

        var events = (await connection.QueryAsync<(string Status, long At)>(
                "SELECT status, at FROM loan_events WHERE loan_id = @loanId;", new { loanId }, transaction))
            .ToDictionary(e => e.Status, e => DateTimeOffset.FromUnixTimeMilliseconds(e.At), StringComparer.Ordinal);
        if (!events.TryGetValue("PaidOut", out var paidOutAt))
        {
            return null;
        }

        var currency = loan.Currency;
        var borrower = (await connection.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @MemberId;", new { loan.MemberId }, transaction)).ToMember();
        var guarantors = new List<LoanGuarantee>();
        foreach (var g in await connection.QueryAsync<(long MemberId, long PledgeMinor, string? Answer)>(
                     "SELECT g.member_id, g.pledge_minor, a.answer FROM loan_guarantors g LEFT JOIN loan_guarantee_answers a ON a.guarantor_id = g.id WHERE g.loan_id = @loanId ORDER BY g.id;",
                     new { loanId },
                     transaction))
        {
            var member = (await connection.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @MemberId;", new { g.MemberId }, transaction)).ToMember();
            guarantors.Add(new LoanGuarantee(member, new Money(g.PledgeMinor, currency), g.Answer is null ? null : g.Answer == "Accepted"));
        }

        var instalments = (await connection.QueryAsync<(long Number, string DueOn, long PrincipalMinor, long InterestMinor)>(
                "SELECT number, due_on, principal_minor, interest_minor FROM loan_instalments WHERE loan_id = @loanId ORDER BY number;", new { loanId }, transaction))
            .Select(i => new Instalment((int)i.Number, DateOnly.ParseExact(i.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture), new Money(i.PrincipalMinor, currency), new Money(i.InterestMinor, currency)))
            .ToList();
        var principal = new Money(loan.PrincipalMinor, currency);
        var interest = instalments.Aggregate(Money.Zero(currency), (sum, i) => sum + i.Interest);
        var schedule = new LoanSchedule(instalments, principal, interest, principal + interest)
        {
            Start = DateOnly.FromDateTime(paidOutAt.ToOffset(NairobiTime.Offset).DateTime),
        };

        var charges = (await connection.QueryAsync<(long Instalment, string Kind, long AmountMinor)>(
                "SELECT instalment, kind, amount_minor FROM loan_charges WHERE loan_id = @loanId ORDER BY id;", new { loanId }, transaction))
            .Select(c => new LoanCharge((int)c.Instalment, Enum.Parse<LoanChargeKind>(c.Kind), new Money(c.AmountMinor, currency)))
            .ToList();
        var repaid = (await connection.QueryAsync<(long Penalty, long Interest, long Principal)>(
                """
                SELECT penalty_minor, interest_minor, principal_minor FROM loan_repayments WHERE loan_id = @loanId
                UNION ALL
                SELECT penalty_minor, interest_minor, principal_minor FROM loan_recoveries WHERE loan_id = @loanId;
                """,
                new { loanId },
                transaction))
            .Select(r => new LoanRepaymentParts(new Money(r.Penalty, currency), new Money(r.Interest, currency), new Money(r.Principal, currency)))
            .ToList();
        return new LoanLife(
            loan.Id, loan.ChamaId, borrower, principal, Enum.Parse<InterestMethod>(loan.InterestMethod), (int)loan.InterestRateBp, (int)loan.PenaltyPercent,
            guarantors, events, schedule, charges, repaid);
    }
}
