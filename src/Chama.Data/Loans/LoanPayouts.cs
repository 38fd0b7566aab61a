using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>
/// What a loan's completed payout sets going, in the transaction that settles the payout (once, since a payout is
/// settled once): the 'PaidOut' event, the schedule planned from that day in Nairobi, and the first month's interest.
/// </summary>
internal static class LoanPayouts
{
    public static async Task<LoanSchedule> RecordPaidOutAsync(DbTransaction transaction, Disbursement payout, Actor actor, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, payout.ChamaId);
        var loan = (await LoanApplications.FindAsync(transaction, payout.ChamaId, payout.SubjectId))!;
        var schedule = loan.ScheduleFrom(DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime));
        await LoanBook.TryAddEventAsync(transaction, loan.Id, "PaidOut", payout.OriginatorConversationId, now);
        await LoanBook.InsertScheduleAsync(transaction, loan.Id, schedule);

        // Month 1's interest is charged the day the money reaches the borrower (LoanInterest: at the start of each month).
        var interest = LoanInterest.ForPeriod(loan.Facts.Method, loan.Facts.MonthlyRateBasisPoints, loan.Principal, loan.Principal, LoanRounding.UnitOf(loan.Principal.Currency));
        await transaction.Connection!.ExecuteAsync(
            "INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@Id, 1, 'Interest', @Minor, @At);",
            new { loan.Id, interest.Minor, At = now.ToUnixTimeMilliseconds() },
            transaction);
        await Audit.RecordAsync(
            transaction, loan.ChamaId, actor, "loan.paid_out", $"{loan.Code} amount:{loan.Principal.Minor} instalments:{schedule.Instalments.Count} first-interest:{interest.Minor}", now);
        return schedule;
    }
}
