using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>M-Pesa's answer to an STK push, from its callback or from a status query (which carries no receipt).</summary>
public sealed record StkResult(string CheckoutRequestId, string ResultCode, string Description, Money? Amount, string? Receipt)
{
    public bool Succeeded => ResultCode == "0";
}

/// <summary>
/// Settles STK pushes: a success becomes a contribution against the member's round, a failure closes the request, and
/// the member's message is queued, all in one transaction with the callback's log entry. A payment request is paid at
/// most once (a database constraint), whichever of callback, repeated callback or status query comes first.
/// </summary>
public sealed class StkSettlements(IDatabase database, TimeProvider clock)
{
    public Task<SettledPayment> SettleAsync(StkResult result, string source, string body, PaymentNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                var settled = await SettleAsync(transaction, result, now);
                await CallbackLog.AppendAsync(transaction, source, body, Describe(settled), now);
                foreach (var message in notices(settled))
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                }

                return settled;
            },
            cancellationToken);
    }

    private static async Task<SettledPayment> SettleAsync(DbTransaction transaction, StkResult result, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var request = await connection.QuerySingleOrDefaultAsync<(long Id, long ChamaId, long MemberId, long RoundId, long AmountMinor, string Currency, string Status)?>(
            "SELECT id, chama_id, member_id, round_id, amount_minor, currency, status FROM payment_requests WHERE checkout_request_id = @CheckoutRequestId;",
            new { result.CheckoutRequestId },
            transaction);
        if (request is not { } pending)
        {
            return SettledPayment.Nothing(PaymentOutcome.Unmatched, result.ResultCode);
        }

        var requested = new Money(pending.AmountMinor, pending.Currency);
        var parties = await PaymentParties.LoadAsync(transaction, pending.ChamaId, pending.MemberId);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM contributions WHERE payment_request_id = @Id;", new { pending.Id }, transaction) > 0)
        {
            return parties.Settled(PaymentOutcome.AlreadySettled, result.ResultCode, requested, result.Receipt, null, false, pending.Id);
        }

        if (!result.Succeeded)
        {
            // A failure after a success, or a second failure, changes nothing; only a push still waiting can fail.
            var failed = await connection.ExecuteAsync(
                "UPDATE payment_requests SET status = 'Failed', failure = @Failure, updated_at = @At WHERE id = @Id AND status = 'Sent';",
                new { pending.Id, Failure = $"{result.ResultCode} {result.Description}".Trim(), At = now.ToUnixTimeMilliseconds() },
                transaction);
            return parties.Settled(failed == 1 ? PaymentOutcome.Failed : PaymentOutcome.AlreadySettled, result.ResultCode, requested, null, null, false, pending.Id);
        }

        // The push asked for a fixed amount: a success for any other amount is not ours to believe.
        if (result.Amount is { } paid && paid != requested)
        {
            return SettledPayment.Nothing(PaymentOutcome.Unmatched, result.ResultCode);
        }

        var receipt = result.Receipt ?? Receipt.ForStkCheckout(result.CheckoutRequestId).Value;
        var before = await ContributionLedger.SummariseAsync(transaction, pending.RoundId);
        try
        {
            await ContributionLedger.RecordAsync(
                transaction, new ContributionRequest(pending.RoundId, pending.MemberId, requested, receipt), Actor.System("mpesa"), now, pending.Id);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.CycleClosed or ChamaError.CycleNotActive or ChamaError.MemberInactive)
        {
            // Paid, but the round can no longer take it: the money is held for an officer rather than lost.
            var held = await Suspense.HoldAsync(transaction, pending.ChamaId, receipt, $"STK {result.CheckoutRequestId}", requested, parties.Member.Phone.Masked, now);
            await MarkCompletedAsync(transaction, pending.Id, receipt, now);
            return parties.Settled(PaymentOutcome.Suspense, result.ResultCode, requested, receipt, null, false, pending.Id) with { SuspenseId = held, BillRef = $"STK {result.CheckoutRequestId}" };
        }

        await MarkCompletedAsync(transaction, pending.Id, receipt, now);
        var after = await ContributionLedger.SummariseAsync(transaction, pending.RoundId);
        return parties.Settled(PaymentOutcome.Recorded, result.ResultCode, requested, receipt, after, !before.IsDisbursable && after.IsDisbursable, pending.Id);
    }

    private static Task MarkCompletedAsync(DbTransaction transaction, long id, string receipt, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            "UPDATE payment_requests SET status = 'Completed', receipt = @receipt, updated_at = @At WHERE id = @id;",
            new { id, receipt, At = now.ToUnixTimeMilliseconds() },
            transaction);

    internal static string Describe(SettledPayment settled) =>
        settled.Outcome == PaymentOutcome.Failed ? $"Failed {settled.ResultCode}" : settled.Outcome.ToString();
}
