using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>A paybill payment nobody could be credited with, waiting for an officer.</summary>
public sealed record SuspensePayment(long Id, long? ChamaId, string TransId, string BillRef, Money Amount, string MaskedPhone, DateTimeOffset ReceivedAt, long? AllocatedContributionId);

/// <summary>A held payment credited to a member: the contribution, who it was for and the round it went to.</summary>
public sealed record AllocatedPayment(SuspensePayment Held, RecordedContribution Recorded, Member Member, ChamaGroup Chama, RoundSummary Summary);

/// <summary>
/// Money that arrived naming no member (a mistyped account reference) is held here, never dropped and never guessed;
/// an officer allocates it to a member, which records the contribution against the original M-Pesa receipt.
/// </summary>
public sealed class Suspense(IDatabase database, TimeProvider clock)
{
    private const string Select =
        """
        SELECT s.id, s.chama_id, s.trans_id, s.bill_ref, s.amount_minor, s.currency, s.masked_msisdn, s.received_at, a.contribution_id
        FROM suspense_payments s LEFT JOIN suspense_allocations a ON a.suspense_id = s.id
        """;

    /// <summary>Unallocated payments, oldest first: a chama's own, or (null) every one, for an operator.</summary>
    public Task<IReadOnlyList<SuspensePayment>> ListUnallocatedAsync(long? chamaId = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<SuspensePayment>>(
            async (connection, transaction) => (await connection.QueryAsync<Row>(
                    $"{Select} WHERE a.id IS NULL AND (@chamaId IS NULL OR s.chama_id = @chamaId) ORDER BY s.id;", new { chamaId }, transaction))
                .Select(r => r.ToPayment()).ToList(),
            cancellationToken);

    /// <summary>
    /// An officer credits a held payment of their chama to the member on <paramref name="seat"/>, in that member's current
    /// round. Once only: the allocation is unique per payment, and the contribution carries the payment's own receipt.
    /// </summary>
    public Task<AllocatedPayment> AllocateAsync(Member officer, long suspenseId, int seat, string channel, PaymentNotices notices, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can allocate held payments.");
        }

        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var held = (await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE s.id = @suspenseId;", new { suspenseId }, transaction))?.ToPayment();
                if (held is null || held.ChamaId != officer.ChamaId || held.AllocatedContributionId is not null)
                {
                    throw new ChamaException(ChamaError.UnknownPayment, $"There is no held payment {suspenseId} waiting in this chama.");
                }

                var member = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                        $"{MemberRow.Select} WHERE chama_id = @ChamaId AND seat = @seat AND active = 1;", new { officer.ChamaId, seat }, transaction))?.ToMember()
                    ?? throw new ChamaException(ChamaError.UnknownMember, $"No active member sits on seat {seat}.");
                var round = await CycleStore.FindCurrentRoundAsync(connection, transaction, officer.ChamaId, DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime))
                    ?? throw new ChamaException(ChamaError.CycleNotActive, "No cycle is running to take the payment.");
                var context = await RoundContext.LoadAsync(transaction, round.Id);
                var recorded = await ContributionLedger.RecordAsync(
                    transaction, new ContributionRequest(round.Id, member.Id, held.Amount, held.TransId), Actor.Member(officer.Id, channel), now, known: context);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO suspense_allocations (suspense_id, contribution_id, officer_member_id, allocated_at)
                    VALUES (@suspenseId, @ContributionId, @OfficerId, @At);
                    """,
                    new { suspenseId, ContributionId = recorded.Contribution.Id, OfficerId = officer.Id, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "suspense.allocated", $"suspense:{suspenseId} member:{member.Id} receipt:{held.TransId}", now);
                var summary = await ContributionLedger.SummariseAsync(transaction, context);
                var parties = await PaymentParties.LoadAsync(transaction, officer.ChamaId, member.Id);
                // The member's receipt and, when this fills the round, the officers' pot-ready notice: as for any payment.
                foreach (var message in notices(parties.Settled(PaymentOutcome.Recorded, "0", held.Amount, held.TransId, summary, summary.IsDisbursable, null)))
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                }

                return new AllocatedPayment(held, recorded, member, parties.Chama, summary);
            },
            cancellationToken);
    }

    /// <summary>Holds a payment for <paramref name="chamaId"/>'s officers (null: nobody's); the same transaction again is held once.</summary>
    internal static async Task<long?> HoldAsync(DbTransaction transaction, long? chamaId, string transId, string billRef, Money amount, string maskedPhone, DateTimeOffset now)
    {
        if (chamaId is { } owner)
        {
            await WriteScope.EnterChamaAsync(transaction, owner);
        }

        return await transaction.Connection!.ExecuteScalarAsync<long?>(
            """
            INSERT INTO suspense_payments (chama_id, trans_id, bill_ref, amount_minor, currency, masked_msisdn, received_at)
            VALUES (@chamaId, @transId, @billRef, @Minor, @Currency, @maskedPhone, @At) ON CONFLICT (trans_id) DO NOTHING RETURNING id;
            """,
            new { chamaId, transId, billRef, amount.Minor, amount.Currency, maskedPhone, At = now.ToUnixTimeMilliseconds() },
            transaction);
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long? ChamaId { get; init; }
        public string TransId { get; init; } = "";
        public string BillRef { get; init; } = "";
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string MaskedMsisdn { get; init; } = "";
        public long ReceivedAt { get; init; }
        public long? ContributionId { get; init; }

        public SuspensePayment ToPayment() => new(
            Id, ChamaId, TransId, BillRef, new Money(AmountMinor, Currency), MaskedMsisdn, DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAt), ContributionId);
    }
}
