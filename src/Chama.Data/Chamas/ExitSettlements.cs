using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Chamas;

/// <summary>
/// The pots that pay exit refunds (Rule 8): the round that was to go to a member who left before it. Its pot is
/// divided once, in the transaction of the approval that completes the officers' quorum: the refund becomes that
/// round's payout to the leaver, the rest a welfare fund entry.
/// </summary>
internal static class ExitSettlements
{
    /// <summary>
    /// How the round's pot is divided, and whether that division is recorded already, or null when its recipient did not
    /// leave before receiving it. A recorded division (a refund whose payout failed and is being approved again) stands
    /// as it was recorded.
    /// </summary>
    public static async Task<(ExitSettlement Settlement, bool Recorded)?> ForRoundAsync(DbTransaction transaction, RoundSummary summary)
    {
        var connection = transaction.Connection!;
        var currency = summary.Collected.Currency;
        var recorded = await connection.QuerySingleOrDefaultAsync<(long ExitId, long CollectedMinor, long RefundMinor, long ToWelfareMinor)?>(
            "SELECT exit_id, collected_minor, refund_minor, to_welfare_minor FROM exit_settlements WHERE round_id = @Id;", new { summary.Round.Id }, transaction);
        if (recorded is { } r)
        {
            return (new ExitSettlement(r.ExitId, new Money(r.CollectedMinor, currency), new Money(r.RefundMinor, currency), new Money(r.ToWelfareMinor, currency)), true);
        }

        var exit = await connection.QuerySingleOrDefaultAsync<(long Id, long RefundMinor)?>(
            "SELECT id, refund_minor FROM member_exits WHERE member_id = @RecipientId AND cycle_id = @CycleId AND received_pot = 0;",
            new { RecipientId = summary.Recipient.Id, summary.Round.CycleId },
            transaction);
        return exit is { } e ? (ExitSettlement.Split(e.Id, summary.Collected, new Money(e.RefundMinor, currency)), false) : null;
    }

    /// <summary>Records the division once; approving the refund again after a failed payout finds it recorded.</summary>
    public static async Task RecordAsync(DbTransaction transaction, long chamaId, long roundId, ExitSettlement settlement, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        var inserted = await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO exit_settlements (chama_id, exit_id, round_id, collected_minor, refund_minor, to_welfare_minor, currency, settled_at)
            VALUES (@chamaId, @ExitId, @roundId, @Collected, @Refund, @ToWelfare, @Currency, @At) ON CONFLICT DO NOTHING;
            """,
            new
            {
                chamaId,
                settlement.ExitId,
                roundId,
                Collected = settlement.Collected.Minor,
                Refund = settlement.Refund.Minor,
                ToWelfare = settlement.ToWelfare.Minor,
                settlement.Collected.Currency,
                At = now.ToUnixTimeMilliseconds(),
            },
            transaction);
        if (inserted > 0)
        {
            await Audit.RecordAsync(
                transaction,
                chamaId,
                Actor.System("approvals"),
                "exit.settled",
                $"exit:{settlement.ExitId} round:{roundId} refund:{settlement.Refund.Minor} to-welfare:{settlement.ToWelfare.Minor}",
                now);
        }
    }
}
