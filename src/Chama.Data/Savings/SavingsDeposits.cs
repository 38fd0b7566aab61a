using System.Data.Common;
using Chama.Core;
using Chama.Data.Ledger;

namespace Chama.Data.Savings;

/// <summary>
/// Money into a member's savings, by whichever way it arrived (STK push, paybill, recorded by an officer): a
/// contribution to the 'Savings' fund under its receipt, which is unique across every fund, so a receipt counts once.
/// </summary>
internal static class SavingsDeposits
{
    public static async Task<Contribution> RecordAsync(
        DbTransaction transaction, long chamaId, long memberId, Money amount, Receipt receipt, Actor actor, DateTimeOffset now, long? paymentRequestId = null)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is not null)
        {
            throw new ChamaException(ChamaError.ReceiptConflict, $"Receipt {receipt} is already recorded for another payment.");
        }

        var contribution = await ContributionRow.InsertAsync(transaction, chamaId, null, memberId, Fund.Savings, amount, receipt, now, paymentRequestId);
        await Audit.RecordAsync(transaction, chamaId, actor, "savings.deposit", $"receipt:{receipt} member:{memberId} amount:{amount.Minor}", now);
        return contribution;
    }
}
