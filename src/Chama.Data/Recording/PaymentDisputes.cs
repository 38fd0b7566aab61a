using Chama.Core;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Recording;

/// <summary>What a dispute came to, with the payment when one was found.</summary>
public sealed record DisputeResult(DisputeOutcome Outcome, RecordedPayment? Payment = null);

/// <summary>
/// A member disputes a payment recorded for them (<c>DISPUTE CASH-260312-7KQ4ZB</c>) within seven days of its entry:
/// the entry shows as disputed wherever contributions are listed, and every officer is told in the same transaction.
/// </summary>
public sealed class PaymentDisputes(IDatabase database, TimeProvider clock)
{
    public Task<DisputeResult> DisputeAsync(
        Member member, string reference, string channel, Func<RecordedPayment, IReadOnlyList<Member>, IEnumerable<OutboundMessage>> notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, member.ChamaId);
                if (RecordedPayments.TryReceipt(reference) is not { } receipt
                    || await RecordedPaymentRow.FindByReceiptAsync(transaction, receipt) is not { } payment
                    || payment.Member.Id != member.Id)
                {
                    return new DisputeResult(DisputeOutcome.Unknown);
                }

                var refusal = payment switch
                {
                    { Reversed: true } => DisputeOutcome.Reversed,
                    { Disputed: true } => DisputeOutcome.AlreadyDisputed,
                    _ when !payment.CanBeDisputedAt(now) => DisputeOutcome.TooLate,
                    _ => (DisputeOutcome?)null,
                };
                if (refusal is { } outcome)
                {
                    return new DisputeResult(outcome, payment);
                }

                await connection.ExecuteAsync(
                    """
                    INSERT INTO payment_disputes (chama_id, recorded_payment_id, member_id, channel, disputed_at)
                    VALUES (@ChamaId, @Id, @MemberId, @channel, @At);
                    """,
                    new { member.ChamaId, payment.Id, MemberId = member.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, member.ChamaId, Actor.Member(member.Id, channel), "payment.disputed", $"{payment.Receipt} seat:{member.Seat} {payment.Amount}", now);
                var disputed = payment with { DisputedAt = now };
                var (_, officers) = await PaymentParties.LoadOfficersAsync(transaction, member.ChamaId);
                foreach (var message in notices(disputed, officers))
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                }

                return new DisputeResult(DisputeOutcome.Disputed, disputed);
            },
            cancellationToken);
    }
}
