using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Savings;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>One loan of the chama as the officers list it: its facts (<see cref="LoanFacts.Stage"/> says where it stands) and its borrower.</summary>
public sealed record LoanEntry(LoanFacts Loan, Member Borrower);

public enum LoanMovementKind
{
    /// <summary>The principal reached the borrower.</summary>
    PaidOut,
    InterestCharged,
    PenaltyCharged,

    /// <summary>A repayment, split penalty, interest, principal.</summary>
    Repayment,

    /// <summary>Savings moved onto the loan: a guarantor's pledge, or the borrower's savings at a share-out.</summary>
    Recovery,
}

/// <summary>
/// One movement of a loan: money out to the borrower, a charge, or money in (with its split). <see cref="Reference"/> is
/// the payout's or the repayment's receipt, or where recovered savings came from.
/// </summary>
public sealed record LoanMovement(
    long LoanId, DateTimeOffset At, LoanMovementKind Kind, long MemberId, int? Instalment, Money Amount, Money Penalty, Money Interest, Money Principal, string Reference);

/// <summary>The chama's loans and every movement on them, read for the officers' loans page and the loans report.</summary>
public sealed class LoanRegister(IDatabase database)
{
    /// <summary>Every loan of the chama, newest first.</summary>
    public Task<IReadOnlyList<LoanEntry>> ListAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<LoanEntry>>(
            async (connection, transaction) =>
            {
                var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId;", new { chamaId }, transaction))
                    .Select(r => r.ToMember()).ToDictionary(m => m.Id);
                return (await LoanBook.AllLoansAsync(transaction, chamaId)).Reverse().Select(loan => new LoanEntry(loan, members[loan.MemberId])).ToList();
            },
            cancellationToken);

    /// <summary>The pooled fund now: savings, earnings and what is lent out (<see cref="SavingsBook.FundAsync"/>).</summary>
    public Task<PooledFund> FundAsync(long chamaId, string currency, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => SavingsBook.FundAsync(transaction, chamaId, currency), cancellationToken);

    /// <summary>Every movement on the chama's loans, oldest first.</summary>
    public Task<IReadOnlyList<LoanMovement>> MovementsAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<LoanMovement>>(
            async (connection, transaction) =>
            {
                var rows = await connection.QueryAsync<MovementRow>(
                    """
                    SELECT l.id AS loan_id, e.at, 'PaidOut' AS kind, l.member_id, NULL AS instalment, l.principal_minor AS amount_minor,
                           0 AS penalty_minor, 0 AS interest_minor, l.principal_minor, e.detail AS reference, l.currency, 0 AS sequence
                    FROM loans l JOIN loan_events e ON e.loan_id = l.id AND e.status = 'PaidOut' WHERE l.chama_id = @chamaId
                    UNION ALL
                    SELECT l.id, c.charged_at, c.kind || 'Charged', l.member_id, c.instalment, c.amount_minor,
                           CASE WHEN c.kind = 'Penalty' THEN c.amount_minor ELSE 0 END, CASE WHEN c.kind = 'Interest' THEN c.amount_minor ELSE 0 END, 0, '', l.currency, c.id
                    FROM loans l JOIN loan_charges c ON c.loan_id = l.id WHERE l.chama_id = @chamaId
                    UNION ALL
                    SELECT l.id, k.recorded_at, 'Repayment', k.member_id, NULL, r.penalty_minor + r.interest_minor + r.principal_minor,
                           r.penalty_minor, r.interest_minor, r.principal_minor, k.receipt, l.currency, r.id
                    FROM loans l JOIN loan_repayments r ON r.loan_id = l.id JOIN contributions k ON k.id = r.contribution_id WHERE l.chama_id = @chamaId
                    UNION ALL
                    SELECT l.id, x.recovered_at, 'Recovery', x.member_id, NULL, x.penalty_minor + x.interest_minor + x.principal_minor,
                           x.penalty_minor, x.interest_minor, x.principal_minor, x.source, l.currency, x.id
                    FROM loans l JOIN loan_recoveries x ON x.loan_id = l.id WHERE l.chama_id = @chamaId;
                    """,
                    new { chamaId },
                    transaction);
                return rows.OrderBy(r => r.At).ThenBy(r => r.LoanId).ThenBy(r => r.Sequence).Select(r => r.ToMovement()).ToList();
            },
            cancellationToken);

    private sealed class MovementRow
    {
        public long LoanId { get; init; }
        public long At { get; init; }
        public string Kind { get; init; } = "";
        public long MemberId { get; init; }
        public long? Instalment { get; init; }
        public long AmountMinor { get; init; }
        public long PenaltyMinor { get; init; }
        public long InterestMinor { get; init; }
        public long PrincipalMinor { get; init; }
        public string Reference { get; init; } = "";
        public string Currency { get; init; } = "";
        public long Sequence { get; init; }

        public LoanMovement ToMovement() => new(
            LoanId, DateTimeOffset.FromUnixTimeMilliseconds(At), Enum.Parse<LoanMovementKind>(Kind), MemberId, (int?)Instalment,
            new Money(AmountMinor, Currency), new Money(PenaltyMinor, Currency), new Money(InterestMinor, Currency), new Money(PrincipalMinor, Currency), Reference);
    }
}
