namespace Chama.Core;

/// <summary>
/// How the pot of the round that was to go to a member who left before it is divided (Rule 8). The other members keep
/// paying that round as planned; its pot pays the leaver's exit refund, never more than it holds and in whole shillings
/// because M-Pesa pays nothing smaller, and the rest (the exit deduction, the leaver's forgone share, any cents) stays
/// with the chama in its welfare fund, which serves every member. A refund below the least M-Pesa sends
/// (<see cref="Disbursement.Minimum"/>) cannot be paid and stays in the fund too, rather than hold the round open forever.
/// A chama M-Pesa does not serve (<see cref="MpesaReach"/>) pays the refund by hand, to the cent.
/// </summary>
public sealed record ExitSettlement(long ExitId, Money Collected, Money Refund, Money ToWelfare)
{
    public static ExitSettlement Split(long exitId, Money collected, Money refundOwed)
    {
        if (collected.IsNegative || refundOwed.IsNegative)
        {
            throw new ChamaException(ChamaError.InvalidAmount, "A pot and a refund cannot be negative.");
        }

        var payable = Money.Min(collected, refundOwed);
        if (!MpesaReach.Serves(payable.Currency))
        {
            return new ExitSettlement(exitId, collected, payable, collected - payable);
        }

        var refund = new Money(payable.Minor - (payable.Minor % Currencies.MinorPerMajor(payable.Currency)), payable.Currency);
        if (refund < Disbursement.Minimum)
        {
            refund = Money.Zero(payable.Currency);
        }

        return new ExitSettlement(exitId, collected, refund, collected - refund);
    }
}
