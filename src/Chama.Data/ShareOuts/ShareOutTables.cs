using System.Data.Common;
using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Savings;

namespace Chama.Data.ShareOuts;

/// <summary>
/// The share-out table as the books stand now, inside the caller's transaction: every current member's savings
/// (<see cref="SavingsBook"/>), what their open loan still owes (<see cref="LoanBook"/>: principal, interest and
/// penalties charged and unpaid), and the fund's earnings not yet shared, divided by <see cref="YearEndShareOut"/>.
/// </summary>
internal static class ShareOutTables
{
    public static async Task<(IReadOnlyList<ShareOutLine> Lines, Money Earnings)> ComputeAsync(
        DbTransaction transaction, ChamaGroup chama, IReadOnlyList<Member> members, DateTimeOffset now)
    {
        var zero = Money.Zero(chama.Currency);
        var savings = await SavingsBook.SavingsByMemberAsync(transaction, chama.Id, chama.Currency);
        var earnings = Money.Max(zero, (await SavingsBook.FundAsync(transaction, chama.Id, chama.Currency)).Earnings);
        var owed = new Dictionary<long, Money>();
        foreach (var loan in await LoanBook.OpenLoansAsync(transaction, chama.Id))
        {
            if (loan.Position(Today(now), chama.Constitution.GraceDays) is { } position)
            {
                owed[loan.MemberId] = Owed(position);
            }
        }

        var inputs = members
            .Select(m => new ShareOutInput(m.Id, Money.Max(zero, savings.GetValueOrDefault(m.Id, zero)), owed.GetValueOrDefault(m.Id, zero)))
            .ToList();
        return (YearEndShareOut.Compute(inputs, earnings), earnings);
    }

    /// <summary>Everything a loan still owes: penalties and interest charged and unpaid, and its principal outstanding.</summary>
    public static Money Owed(LoanPosition position) => position.PenaltyOwed + position.InterestOwed + position.PrincipalOutstanding;

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime);
}
