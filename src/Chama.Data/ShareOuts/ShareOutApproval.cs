using System.Data.Common;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Loans;
using Dapper;

namespace Chama.Data.ShareOuts;

/// <summary>
/// What a carried share-out does, in the transaction of the approval that carried it: its 'Approved' event (which also
/// consumes the members' savings and the earnings shared, as <see cref="Savings.SavingsBook"/> reads them), each line's
/// loan deduction as a recovery on that member's loan (split penalty, interest, principal; 'Repaid' when it clears the
/// loan), and each positive payout as a 'ShareOut' payout to the member's receive phone. A share-out with nothing to pay
/// out is closed at once.
/// </summary>
internal static class ShareOutApproval
{
    /// <summary>Why the share-out cannot be carried as shown, or null when it can.</summary>
    public static async Task<string?> RefusalAsync(DbTransaction transaction, ChamaGroup chama, ProposedShareOut shareOut, IReadOnlyList<Member> members, DateTimeOffset now)
    {
        var (lines, earnings) = await ShareOutTables.ComputeAsync(transaction, chama, members, now);
        if (earnings != shareOut.Earnings || !lines.OrderBy(l => l.MemberId).SequenceEqual(shareOut.Lines.Select(l => l.Line).OrderBy(l => l.MemberId)))
        {
            return "savings, earnings or loans have changed since it was proposed";
        }

        var byId = members.ToDictionary(m => m.Id);
        return shareOut.Lines.Any(l => l.Line.Payout.IsPositive && !DisbursementStore.MpesaCanPay(l.Line.Payout, byId[l.MemberId]))
            ? "a payout is outside M-Pesa's limits"
            : null;
    }

    public static async Task CarryAsync(DbTransaction transaction, ChamaGroup chama, ProposedShareOut shareOut, IReadOnlyList<Member> members, Actor actor, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chama.Id);
        if (!await ShareOutRows.TryAddEventAsync(transaction, shareOut.Id, ShareOutStatus.Approved, now))
        {
            return;
        }

        var byId = members.ToDictionary(m => m.Id);
        foreach (var line in shareOut.Lines.Where(l => l.Line.LoanDeducted.IsPositive))
        {
            await DeductAsync(transaction, chama, shareOut, line, now);
        }

        var payouts = shareOut.Lines.Where(l => l.Line.Payout.IsPositive).ToList();
        foreach (var line in payouts)
        {
            await DisbursementStore.CreateForShareOutLineAsync(transaction, line.LineId, byId[line.MemberId], line.Line.Payout, chama.Constitution, now);
        }

        if (payouts.Count == 0)
        {
            await ShareOutRows.TryAddEventAsync(transaction, shareOut.Id, ShareOutStatus.Closed, now);
        }

        await Audit.RecordAsync(
            transaction, chama.Id, actor, "share_out.carried", $"{shareOut.Code} payouts:{payouts.Count} paid:{shareOut.PaidOut.Minor} deducted:{shareOut.LoansDeducted.Minor}", now);
    }

    // The deduction was computed from this loan's position, checked unchanged just before; it is applied in the
    // repayment order (penalty, interest, principal) and clears the loan when it was all the loan owed.
    private static async Task DeductAsync(DbTransaction transaction, ChamaGroup chama, ProposedShareOut shareOut, ShareOutMemberLine line, DateTimeOffset now)
    {
        var loan = (await LoanBook.OpenLoanOfAsync(transaction, line.MemberId))!;
        var position = loan.Position(ShareOutTables.Today(now), chama.Constitution.GraceDays)!;
        var split = RepaymentSplit.Apply(line.Line.LoanDeducted, position.PenaltyOwed, position.InterestOwed, position.PrincipalOutstanding);
        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO loan_recoveries (loan_id, member_id, source, penalty_minor, interest_minor, principal_minor, recovered_at)
            VALUES (@LoanId, @MemberId, 'ShareOut', @Penalty, @Interest, @Principal, @At);
            """,
            new
            {
                LoanId = loan.Id,
                line.MemberId,
                Penalty = split.Penalty.Minor,
                Interest = split.Interest.Minor,
                Principal = split.Principal.Minor,
                At = now.ToUnixTimeMilliseconds(),
            },
            transaction);
        if (line.Line.LoanDeducted == ShareOutTables.Owed(position))
        {
            await LoanBook.TryAddEventAsync(transaction, loan.Id, "Repaid", $"deducted at share-out {shareOut.Code}", now);
        }
    }
}
