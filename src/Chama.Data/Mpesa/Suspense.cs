using System.Data.Common;
using Chama.Core;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>A paybill payment nobody could be credited with, waiting for an officer.</summary>
public sealed record SuspensePayment(long Id, string TransId, string BillRef, Money Amount, string MaskedPhone, DateTimeOffset ReceivedAt, long? AllocatedContributionId);

/// <summary>
/// Money that arrived naming no member (a mistyped account reference) is held here, never dropped and never guessed;
/// an officer allocates it to a member, which records the contribution against the original M-Pesa receipt.
/// </summary>
public sealed class Suspense(IDatabase database, TimeProvider clock)
{
    private const string Select =
        """
        SELECT s.id, s.trans_id, s.bill_ref, s.amount_minor, s.currency, s.masked_msisdn, s.received_at, a.contribution_id
        FROM suspense_payments s LEFT JOIN suspense_allocations a ON a.suspense_id = s.id
        """;

    /// <summary>Unallocated payments that might belong to the chama: all of them, as a reference names no chama reliably.</summary>
    public Task<IReadOnlyList<SuspensePayment>> ListUnallocatedAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<SuspensePayment>>(
            async (connection, transaction) => (await connection.QueryAsync<Row>($"{Select} WHERE a.id IS NULL ORDER BY s.id;", transaction: transaction))
                .Select(r => r.ToPayment()).ToList(),
            cancellationToken);

    public Task<SuspensePayment?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) => (await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE s.id = @id;", new { id }, transaction))?.ToPayment(),
            cancellationToken);

    /// <summary>
    /// An officer credits a held payment to a member's current round. Once only: the allocation is unique per payment,
    /// and the contribution carries the payment's own receipt.
    /// </summary>
    public Task<RecordedContribution> AllocateAsync(Member officer, long suspenseId, Member member, long roundId, string channel, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer || officer.ChamaId != member.ChamaId)
        {
            throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can allocate held payments.");
        }

        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var held = (await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE s.id = @suspenseId;", new { suspenseId }, transaction))?.ToPayment()
                    ?? throw new ChamaException(ChamaError.UnknownPayment, $"There is no held payment {suspenseId}.");
                if (held.AllocatedContributionId is not null)
                {
                    throw new ChamaException(ChamaError.UnknownPayment, $"Held payment {suspenseId} is already allocated.");
                }

                var recorded = await ContributionLedger.RecordAsync(
                    transaction, new ContributionRequest(roundId, member.Id, held.Amount, held.TransId), Actor.Member(officer.Id, channel), now);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO suspense_allocations (suspense_id, contribution_id, officer_member_id, allocated_at)
                    VALUES (@suspenseId, @ContributionId, @OfficerId, @At);
                    """,
                    new { suspenseId, ContributionId = recorded.Contribution.Id, OfficerId = officer.Id, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "suspense.allocated", $"suspense:{suspenseId} member:{member.Id} receipt:{held.TransId}", now);
                return recorded;
            },
            cancellationToken);
    }

    /// <summary>Holds a payment; the same M-Pesa transaction again is held once.</summary>
    internal static async Task<bool> HoldAsync(DbTransaction transaction, string transId, string billRef, Money amount, string maskedPhone, DateTimeOffset now) =>
        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO suspense_payments (trans_id, bill_ref, amount_minor, currency, masked_msisdn, received_at)
            VALUES (@transId, @billRef, @Minor, @Currency, @maskedPhone, @At) ON CONFLICT (trans_id) DO NOTHING;
            """,
            new { transId, billRef, amount.Minor, amount.Currency, maskedPhone, At = now.ToUnixTimeMilliseconds() },
            transaction) == 1;

    private sealed class Row
    {
        public long Id { get; init; }
        public string TransId { get; init; } = "";
        public string BillRef { get; init; } = "";
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string MaskedMsisdn { get; init; } = "";
        public long ReceivedAt { get; init; }
        public long? ContributionId { get; init; }

        public SuspensePayment ToPayment() => new(
            Id, TransId, BillRef, new Money(AmountMinor, Currency), MaskedMsisdn, DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAt), ContributionId);
    }
}
