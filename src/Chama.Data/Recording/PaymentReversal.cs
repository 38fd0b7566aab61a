using System.Data.Common;
using Chama.Core;
using Chama.Data.Welfare;
using Dapper;

namespace Chama.Data.Recording;

/// <summary>
/// The reversing entries of a carried correction. A pot payment may have been carried on as credit, round after round:
/// the reversal takes back exactly what that payment left in each round (its amount in its own round less what was
/// carried out, plus what was carried in), and credit it left carried past the cycle's last round. Money of other
/// payments stays where the ledger put it. A welfare payment is taken back from the fund, which must still hold it.
/// </summary>
internal static class PaymentReversal
{
    /// <remarks>
    /// Savings and loan repayments are not reversed here: their money may already be lent out or applied to a loan, and the
    /// ledger has no reversing entry for them.
    /// </remarks>
    public static async Task<bool> CanReverseAsync(DbTransaction transaction, RecordedPayment payment) => payment.Contribution.Fund switch
    {
        Fund.Pot => true,
        Fund.Welfare => await WelfareLedger.BalanceAsync(transaction, payment.Contribution.ChamaId) >= payment.Amount,
        _ => false,
    };

    public static async Task ReverseAsync(DbTransaction transaction, PaymentCorrection correction, Actor actor, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var contribution = correction.Payment.Contribution;
        await WriteScope.EnterChamaAsync(transaction, contribution.ChamaId);
        var at = now.ToUnixTimeMilliseconds();
        var reversalId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO payment_reversals (chama_id, contribution_id, correction_id, amount_minor, currency, reversed_at)
            VALUES (@ChamaId, @Id, @CorrectionId, @Minor, @Currency, @at) RETURNING id;
            """,
            new { contribution.ChamaId, contribution.Id, CorrectionId = correction.Id, contribution.Amount.Minor, contribution.Amount.Currency, at },
            transaction);

        foreach (var (roundId, kind, minor) in await EntriesAsync(transaction, contribution))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO reversal_entries (reversal_id, member_id, round_id, kind, amount_minor, created_at)
                VALUES (@reversalId, @MemberId, @roundId, @kind, @minor, @at);
                """,
                new { reversalId, contribution.MemberId, roundId, kind, minor, at },
                transaction);
        }

        await Audit.RecordAsync(
            transaction, contribution.ChamaId, actor, "payment.reversed", $"{correction.Code} {contribution.Receipt} seat:{correction.Payment.Member.Seat} {contribution.Amount}", now);
    }

    /// <summary>Where the payment's money sits now: per round (<c>Pot</c>), as unapplied credit (<c>Credit</c>), or in the welfare fund.</summary>
    private static async Task<IReadOnlyList<(long? RoundId, string Kind, long Minor)>> EntriesAsync(DbTransaction transaction, Contribution contribution)
    {
        if (contribution.Fund == Fund.Welfare)
        {
            return [(null, "Welfare", contribution.Amount.Minor)];
        }

        var credits = (await transaction.Connection!.QueryAsync<(long RoundId, long Number, string Kind, long Minor)>(
                """
                SELECT ce.round_id, r.number, ce.kind, ce.amount_minor FROM credit_entries ce JOIN rounds r ON r.id = ce.round_id
                WHERE ce.contribution_id = @Id ORDER BY r.number;
                """,
                new { contribution.Id },
                transaction))
            .ToList();
        var net = new Dictionary<long, long> { [contribution.RoundId!.Value] = contribution.Amount.Minor };
        foreach (var credit in credits)
        {
            net[credit.RoundId] = net.GetValueOrDefault(credit.RoundId) + (credit.Kind == nameof(PotEntryKind.CreditApplied) ? credit.Minor : -credit.Minor);
        }

        var entries = net.Where(n => n.Value > 0).Select(n => ((long?)n.Key, "Pot", n.Value)).ToList();
        var unapplied = contribution.Amount.Minor - net.Values.Sum();
        if (unapplied > 0)
        {
            // Carried out of the cycle's last round and never applied: it waits as the member's credit.
            var last = credits.Where(c => c.Kind == nameof(PotEntryKind.CreditCarriedOut)).MaxBy(c => c.Number).RoundId;
            entries.Add((last, "Credit", unapplied));
        }

        return entries;
    }
}
