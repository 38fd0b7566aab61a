using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Bot.Reports;

/// <summary>
/// The loans report: every movement on every loan, oldest first. A payout lends principal; a charge adds interest or a
/// penalty; a repayment or a recovery (a guarantor's pledge, or the borrower's savings at a share-out) is shown with its
/// split, penalty first, then interest, then principal. The principal owed after each line is the loan's own.
/// </summary>
public static class LoanRows
{
    private static readonly Dictionary<LoanMovementKind, string> Entries = new()
    {
        [LoanMovementKind.PaidOut] = "Paid out",
        [LoanMovementKind.InterestCharged] = "Interest charged",
        [LoanMovementKind.PenaltyCharged] = "Penalty charged",
        [LoanMovementKind.Repayment] = "Repayment",
        [LoanMovementKind.Recovery] = "Recovery",
    };

    public static IEnumerable<LoanCsvRow> From(IEnumerable<LoanMovement> movements, IReadOnlyDictionary<long, Member> members)
    {
        var owed = new Dictionary<long, Money>();
        foreach (var movement in movements)
        {
            var zero = Money.Zero(movement.Amount.Currency);
            var before = owed.GetValueOrDefault(movement.LoanId, zero);
            var after = movement.Kind switch
            {
                LoanMovementKind.PaidOut => before + movement.Amount,
                LoanMovementKind.Repayment or LoanMovementKind.Recovery => before - movement.Principal,
                _ => before,
            };
            owed[movement.LoanId] = after;
            var split = movement.Kind is LoanMovementKind.Repayment or LoanMovementKind.Recovery;
            var member = members[movement.MemberId];
            var (date, time) = CsvFormats.InNairobi(movement.At);
            yield return new LoanCsvRow(
                date, time, $"L{movement.LoanId}", Entries[movement.Kind], member.Seat, member.Name, movement.Instalment, movement.Amount,
                split ? movement.Penalty : null, split ? movement.Interest : null, split ? movement.Principal : null, after, movement.Amount.Currency,
                movement.Kind == LoanMovementKind.Recovery ? $"{movement.Reference} savings" : movement.Reference);
        }
    }
}
