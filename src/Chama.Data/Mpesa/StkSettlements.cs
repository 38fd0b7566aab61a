using System.Data.Common;
using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Data.Loans;
using Chama.Data.Savings;
using Chama.Data.Welfare;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>M-Pesa's answer to an STK push, from its callback or from a status query (which carries no receipt).</summary>
public sealed record StkResult(string CheckoutRequestId, string ResultCode, string Description, Money? Amount, string? Receipt)
{
    public bool Succeeded => ResultCode == "0";
}

/// <summary>
/// Settles STK pushes: a success becomes a contribution against the member's round (or, for a push of the fines owed, a
/// welfare contribution paying those fines; for a push into the welfare fund, the member's welfare contribution; for a
/// push into savings, the member's savings deposit), a
/// failure closes the request, and the member's message is queued, all in one transaction with the callback's log entry. A payment request is paid at
/// most once (a database constraint), whichever of callback, repeated callback or status query comes first.
/// </summary>
/// <remarks>
/// Callbacks come in bursts, and a chama's writes run one at a time (SQLite's single writer; on PostgreSQL the chama's
/// lock, so callbacks of different chamas settle side by side): what does not change while a push is out (the
/// request's member, round, rotation and officers) is read before the write, in parallel with other callbacks; the
/// write enters the push's chama and re-reads only what decides the money (the request's state, the receipt, the cycle's status).
/// </remarks>
public sealed class StkSettlements(IDatabase database, TimeProvider clock)
{
    /// <summary>How long apart an unknown CheckoutRequestID is looked for again (real time: this waits on a worker, not the calendar).</summary>
    private static readonly TimeSpan[] RecheckDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500)];

    public async Task<SettledPayment> SettleAsync(StkResult result, string source, string body, PaymentNotices notices, CancellationToken cancellationToken = default)
    {
        var pushed = await FindPushAsync(result.CheckoutRequestId, cancellationToken);
        var now = clock.GetUtcNow();
        return await database.WriteAsync(
            async (_, transaction) =>
            {
                var settled = pushed is null ? SettledPayment.Nothing(PaymentOutcome.Unmatched, result.ResultCode) : await SettleAsync(transaction, result, pushed, now);
                await CallbackLog.AppendAsync(transaction, source, body, Describe(settled), now);
                foreach (var message in notices(settled))
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                }

                return settled;
            },
            cancellationToken);
    }

    internal static string Describe(SettledPayment settled) =>
        settled.Outcome == PaymentOutcome.Failed ? $"Failed {settled.ResultCode}" : settled.Outcome.ToString();

    /// <summary>
    /// The push a callback answers. M-Pesa can call back before the worker that sent the push has stored its
    /// CheckoutRequestID, so an unknown id is looked for again for a moment before the callback is judged unmatched.
    /// </summary>
    private async Task<Pushed?> FindPushAsync(string checkoutRequestId, CancellationToken cancellationToken)
    {
        foreach (var wait in RecheckDelays)
        {
            if (await database.ReadAsync((_, transaction) => PushedAsync(transaction, checkoutRequestId), cancellationToken) is { } pushed)
            {
                return pushed;
            }

            await Task.Delay(wait, cancellationToken);
        }

        return await database.ReadAsync((_, transaction) => PushedAsync(transaction, checkoutRequestId), cancellationToken);
    }

    private static async Task<Pushed?> PushedAsync(DbTransaction transaction, string checkoutRequestId)
    {
        var request = await transaction.Connection!.QuerySingleOrDefaultAsync<(long Id, long ChamaId, long MemberId, long? RoundId, long AmountMinor, string Currency, string Purpose, long? LoanId)?>(
            "SELECT id, chama_id, member_id, round_id, amount_minor, currency, purpose, loan_id FROM payment_requests WHERE checkout_request_id = @checkoutRequestId;",
            new { checkoutRequestId },
            transaction);
        return request is { } found
            ? new Pushed(
                found.Id,
                new Money(found.AmountMinor, found.Currency),
                await PaymentParties.LoadAsync(transaction, found.ChamaId, found.MemberId),
                found.RoundId is { } roundId ? await RoundContext.LoadAsync(transaction, roundId) : null,
                Enum.Parse<PaymentPurpose>(found.Purpose),
                found.LoanId)
            : null;
    }

    private static async Task<SettledPayment> SettleAsync(DbTransaction transaction, StkResult result, Pushed pushed, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var (id, requested, parties, round, purpose, loanId) = pushed;
        // The push's chama before its state is read: a callback and a status query of the same push settle one after the other.
        await WriteScope.EnterChamaAsync(transaction, parties.Chama.Id);
        var state = await connection.QuerySingleAsync<(string Status, long Paid)>(
            "SELECT status, EXISTS (SELECT 1 FROM contributions WHERE payment_request_id = @id) FROM payment_requests WHERE id = @id;", new { id }, transaction);
        // Paid by a contribution, or completed into suspense: either way this push's money is counted already.
        if (state.Paid == 1 || state.Status == "Completed")
        {
            return parties.Settled(PaymentOutcome.AlreadySettled, result.ResultCode, requested, result.Receipt, null, false, id);
        }

        if (!result.Succeeded)
        {
            // A failure after a success, or a second failure, changes nothing; only a push still waiting can fail.
            if (state.Status != "Sent")
            {
                return parties.Settled(PaymentOutcome.AlreadySettled, result.ResultCode, requested, null, null, false, id);
            }

            await connection.ExecuteAsync(
                "UPDATE payment_requests SET status = 'Failed', failure = @Failure, updated_at = @At WHERE id = @id;",
                new { id, Failure = $"{result.ResultCode} {result.Description}".Trim(), At = now.ToUnixTimeMilliseconds() },
                transaction);
            return parties.Settled(PaymentOutcome.Failed, result.ResultCode, requested, null, null, false, id);
        }

        // The push asked for a fixed amount: a success for any other amount is not ours to believe.
        if (result.Amount is { } paid && paid != requested)
        {
            return SettledPayment.Nothing(PaymentOutcome.Unmatched, result.ResultCode);
        }

        var receipt = result.Receipt ?? Receipt.ForStkCheckout(result.CheckoutRequestId).Value;
        if (purpose == PaymentPurpose.Welfare)
        {
            // The member's own gift to the welfare fund, whatever the round or cycle does since: always recorded.
            await WelfareLedger.RecordPushedAsync(transaction, parties.Chama.Id, parties.Member.Id, requested, Receipt.Parse(receipt), Actor.System("mpesa"), now, id);
            await MarkCompletedAsync(transaction, id, receipt, now);
            return parties.Settled(PaymentOutcome.Recorded, result.ResultCode, requested, receipt, null, false, id) with { Purpose = PaymentPurpose.Welfare };
        }

        if (purpose == PaymentPurpose.Savings)
        {
            // The member's own savings, whatever the round or cycle does since: always recorded.
            await SavingsDeposits.RecordAsync(transaction, parties.Chama.Id, parties.Member.Id, requested, Receipt.Parse(receipt), Actor.System("mpesa"), now, id);
            await MarkCompletedAsync(transaction, id, receipt, now);
            return parties.Settled(PaymentOutcome.Recorded, result.ResultCode, requested, receipt, null, false, id) with
            {
                Purpose = PaymentPurpose.Savings,
                SavingsAfter = await SavingsBook.MemberSavingsAsync(transaction, parties.Member.Id, requested.Currency),
            };
        }

        if (purpose == PaymentPurpose.Fines)
        {
            // Fines are owed whatever the round or cycle does since, and by a member who has left too: always recorded.
            var fines = await FineStore.RecordPaymentAsync(transaction, parties.Chama.Id, parties.Member.Id, requested, Receipt.Parse(receipt), Actor.System("mpesa"), now, id);
            await MarkCompletedAsync(transaction, id, receipt, now);
            return parties.Settled(PaymentOutcome.Recorded, result.ResultCode, requested, receipt, null, false, id) with { Fines = fines };
        }

        if (purpose == PaymentPurpose.Loan)
        {
            // The loan was the member's when they asked to pay it: always applied, any excess kept as their savings.
            var repayment = await LoanRepayments.ApplyAsync(transaction, loanId!.Value, requested, Receipt.Parse(receipt), Actor.System("mpesa"), now, id);
            await MarkCompletedAsync(transaction, id, receipt, now);
            return parties.Settled(PaymentOutcome.Recorded, result.ResultCode, requested, receipt, null, false, id) with { Purpose = PaymentPurpose.Loan, Repayment = repayment };
        }

        if (round is null)
        {
            throw new InvalidOperationException($"Payment request {id} pays a round but names none.");
        }

        try
        {
            await ContributionLedger.RecordAsync(
                transaction, new ContributionRequest(round.Round.Id, parties.Member.Id, requested, receipt), Actor.System("mpesa"), now, id, round);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.CycleClosed or ChamaError.CycleNotActive or ChamaError.MemberInactive)
        {
            // Paid, but the round can no longer take it: the money is held for an officer rather than lost.
            var held = await Suspense.HoldAsync(transaction, parties.Chama.Id, receipt, $"STK {result.CheckoutRequestId}", requested, parties.Member.Phone.Masked, now);
            await MarkCompletedAsync(transaction, id, receipt, now);
            return parties.Settled(PaymentOutcome.Suspense, result.ResultCode, requested, receipt, null, false, id) with
            {
                SuspenseId = held,
                BillRef = $"STK {result.CheckoutRequestId}",
            };
        }

        await MarkCompletedAsync(transaction, id, receipt, now);
        var summary = await ContributionLedger.SummariseAsync(transaction, round);
        return parties.Settled(PaymentOutcome.Recorded, result.ResultCode, requested, receipt, summary, summary.IsDisbursable, id);
    }

    private static Task MarkCompletedAsync(DbTransaction transaction, long id, string receipt, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            "UPDATE payment_requests SET status = 'Completed', receipt = @receipt, updated_at = @At WHERE id = @id;",
            new { id, receipt, At = now.ToUnixTimeMilliseconds() },
            transaction);

    /// <summary>A push as it was asked: savings and loan repayments name no round, a loan repayment names its loan.</summary>
    private sealed record Pushed(long Id, Money Amount, PaymentParties Parties, RoundContext? Round, PaymentPurpose Purpose, long? LoanId);
}
