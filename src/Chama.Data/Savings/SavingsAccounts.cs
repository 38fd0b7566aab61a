using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Data.Savings;

/// <summary>
/// A member's open loan as they are shown it: what it still owes, what is due now, the next instalment, how many are
/// late, and what PAY offers (<see cref="ToPay"/>).
/// </summary>
public sealed record OpenLoan(long Id, LoanStage Stage, Money Principal, Money Outstanding, Money DueNow, Instalment? Next, Money NextAmount, int Late, Money ToPay)
{
    public string Code => $"L{Id}";

    /// <summary>Paid out and not closed: its instalments are being paid.</summary>
    public bool IsRepaying => Stage is LoanStage.Repaying or LoanStage.Defaulted;
}

/// <summary>A member's savings, the pledges held against them, and their open loan (null when none).</summary>
public sealed record SavingsAccount(Money Savings, Money Pledged, OpenLoan? Loan)
{
    /// <summary>Savings not held by a pledge.</summary>
    public Money Free => Savings - Pledged;
}

/// <summary>Reads a member's savings and open loan for BALANCE and PAY, in one snapshot.</summary>
public sealed class SavingsAccounts(IDatabase database)
{
    /// <summary>
    /// The member's savings and open loan on <paramref name="today"/> (Nairobi). An instalment is late once the
    /// constitution's grace days after its due date have passed, as a contribution is.
    /// </summary>
    public Task<SavingsAccount> FindAsync(Member member, ChamaGroup chama, DateOnly today, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (_, transaction) =>
            {
                var savings = await SavingsBook.MemberSavingsAsync(transaction, member.Id, chama.Currency);
                var pledged = await SavingsBook.PledgedAsync(transaction, member.Id, chama.Currency);
                var loan = await LoanBook.OpenLoanOfAsync(transaction, member.Id);
                return new SavingsAccount(savings, pledged, loan is null ? null : Shown(loan, today, chama.Constitution.GraceDays));
            },
            cancellationToken);

    private static OpenLoan Shown(LoanFacts loan, DateOnly today, int graceDays)
    {
        var zero = Money.Zero(loan.Principal.Currency);
        if (loan.Position(today, graceDays) is not { } position)
        {
            return new OpenLoan(loan.Id, loan.Stage, loan.Principal, zero, zero, null, zero, 0, zero);
        }

        // What PAY offers: the instalments fallen due with the charges owed, or, while none has fallen due (only the
        // month's interest is owed), the next instalment with them.
        var charges = position.InterestOwed + position.PenaltyOwed;
        return new OpenLoan(
            loan.Id,
            loan.Stage,
            loan.Principal,
            position.PrincipalOutstanding + position.InterestOwed + position.PenaltyOwed,
            position.DueNow,
            position.Next,
            position.NextAmount,
            position.Missed,
            position.DueNow > charges ? position.DueNow : position.NextAmount);
    }
}
