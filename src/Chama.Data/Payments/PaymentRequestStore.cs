using System.Data.Common;
using Chama.Core;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Payments;

/// <summary>Payment requests from confirmation to M-Pesa's answer. Queued by the conversation, dispatched by a worker.</summary>
public sealed class PaymentRequestStore(IDatabase database, TimeProvider clock)
{
    private const string Select =
        "SELECT id, request_key, chama_id, member_id, round_id, amount_minor, currency, phone, channel, status, checkout_request_id, purpose, loan_id FROM payment_requests";

    /// <summary>
    /// Queues the request once per key: a retried step returns the request already queued. Refused for a chama or a
    /// phone M-Pesa does not serve (<see cref="MpesaReach"/>).
    /// </summary>
    public Task<PaymentRequest> QueueAsync(NewPaymentRequest request, CancellationToken cancellationToken = default)
    {
        if ((request.Purpose == PaymentPurpose.Loan) != request.LoanId.HasValue
            || (request.RoundId is null && request.Purpose is not (PaymentPurpose.Savings or PaymentPurpose.Loan)))
        {
            throw new ArgumentException("A loan repayment names its loan, and only it does; every payment but savings and loans names its round.", nameof(request));
        }

        if (!MpesaReach.Serves(request.Amount.Currency, request.Phone))
        {
            throw new ChamaException(
                ChamaError.MpesaUnavailable, $"M-Pesa cannot take {request.Amount.Currency} from {request.Phone.Masked}: pay the treasurer, and an officer records it.");
        }

        if (!NewPaymentRequest.IsPushable(request.Amount))
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"{request.Amount} cannot be paid by M-Pesa: whole shillings from {NewPaymentRequest.Minimum} to {NewPaymentRequest.Maximum}.");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, request.ChamaId);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO payment_requests (request_key, chama_id, member_id, round_id, amount_minor, currency, phone, channel, status, purpose, loan_id, created_at, updated_at)
                    VALUES (@RequestKey, @ChamaId, @MemberId, @RoundId, @Minor, @Currency, @Phone, @Channel, 'Queued', @Purpose, @LoanId, @now, @now)
                    ON CONFLICT (request_key) DO NOTHING;
                    """,
                    new { request.RequestKey, request.ChamaId, request.MemberId, request.RoundId, request.Amount.Minor, request.Amount.Currency, Phone = request.Phone.E164, request.Channel, Purpose = request.Purpose.ToString(), request.LoanId, now },
                    transaction);
                return (await FindAsync(transaction, "request_key = @key", new { key = request.RequestKey }))!;
            },
            cancellationToken);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> queued requests and marks them sent, so no other worker takes them. The
    /// queued requests are read first and claimed in one write per chama; a request another worker claimed meanwhile
    /// is left to it.
    /// </summary>
    public async Task<IReadOnlyList<PaymentRequest>> ClaimQueuedAsync(int limit, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var queued = await database.ReadAsync<IReadOnlyList<PaymentRequest>>(
            async (connection, transaction) => (await connection.QueryAsync<Row>($"{Select} WHERE status = 'Queued' ORDER BY id LIMIT @limit;", new { limit }, transaction))
                .Select(r => r.ToRequest()).ToList(),
            cancellationToken);
        var claimed = new List<PaymentRequest>();
        foreach (var chama in queued.GroupBy(r => r.ChamaId))
        {
            var taken = await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await WriteScope.EnterChamaAsync(transaction, chama.Key);
                    return (await connection.QueryAsync<long>(
                        $"UPDATE payment_requests SET status = 'Sent', updated_at = @now WHERE id IN {IdList.Of(chama.Select(r => r.Id))} AND status = 'Queued' RETURNING id;",
                        new { now },
                        transaction)).ToHashSet();
                },
                cancellationToken);
            claimed.AddRange(chama.Where(r => taken.Contains(r.Id)).Select(r => r with { Status = PaymentRequestStatus.Sent }));
        }

        return claimed.OrderBy(r => r.Id).ToList();
    }

    public Task RecordCheckoutAsync(long id, string checkoutRequestId, CancellationToken cancellationToken = default) =>
        UpdateAsync("checkout_request_id = @value", id, checkoutRequestId, cancellationToken);

    public Task MarkFailedAsync(long id, string reason, CancellationToken cancellationToken = default) =>
        UpdateAsync("status = 'Failed', failure = @value", id, reason, cancellationToken);

    /// <summary>Pushes sent before <paramref name="cutoff"/> that M-Pesa has not answered: the reconciliation worker asks about them.</summary>
    public Task<IReadOnlyList<PaymentRequest>> ListAwaitingAnswerAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PaymentRequest>>(
            async (connection, transaction) => (await connection.QueryAsync<Row>(
                    $"{Select} WHERE status = 'Sent' AND checkout_request_id IS NOT NULL AND updated_at < @Cutoff ORDER BY updated_at LIMIT @limit;",
                    new { Cutoff = cutoff.ToUnixTimeMilliseconds(), limit },
                    transaction))
                .Select(r => r.ToRequest()).ToList(),
            cancellationToken);

    /// <summary>
    /// Pushes claimed before <paramref name="cutoff"/> that never got a CheckoutRequestID (the host stopped while asking
    /// M-Pesa): there is nothing to ask about, so the member is told and the request closed.
    /// </summary>
    public Task<IReadOnlyList<PaymentRequest>> ListOrphanedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PaymentRequest>>(
            async (connection, transaction) => (await connection.QueryAsync<Row>(
                    $"{Select} WHERE status = 'Sent' AND checkout_request_id IS NULL AND updated_at < @Cutoff ORDER BY id;",
                    new { Cutoff = cutoff.ToUnixTimeMilliseconds() },
                    transaction))
                .Select(r => r.ToRequest()).ToList(),
            cancellationToken);

    /// <summary>Notes that a push was asked about just now, so it is asked again only after another wait.</summary>
    public Task MarkAskedAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterPaymentRequestAsync(transaction, id);
                return await connection.ExecuteAsync("UPDATE payment_requests SET updated_at = @now WHERE id = @id;", new { id, now }, transaction);
            },
            cancellationToken);
    }

    public Task<PaymentRequest?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, "id = @id", new { id }), cancellationToken);

    public Task<PaymentRequest?> FindByCheckoutAsync(string checkoutRequestId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, "checkout_request_id = @checkoutRequestId", new { checkoutRequestId }), cancellationToken);

    private Task UpdateAsync(string assignments, long id, string value, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterPaymentRequestAsync(transaction, id);
                return await connection.ExecuteAsync($"UPDATE payment_requests SET {assignments}, updated_at = @now WHERE id = @id;", new { id, value, now }, transaction);
            },
            cancellationToken);
    }

    private static async Task<PaymentRequest?> FindAsync(DbTransaction transaction, string where, object parameters) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE {where};", parameters, transaction))?.ToRequest();

    private sealed class Row
    {
        public long Id { get; init; }
        public string RequestKey { get; init; } = "";
        public long ChamaId { get; init; }
        public long MemberId { get; init; }
        public long? RoundId { get; init; }
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string Phone { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Status { get; init; } = "";
        public string? CheckoutRequestId { get; init; }
        public string Purpose { get; init; } = "";
        public long? LoanId { get; init; }

        public PaymentRequest ToRequest() => new(
            Id, RequestKey, ChamaId, MemberId, RoundId, new Money(AmountMinor, Currency), PhoneNumber.FromStored(Phone), Channel,
            Enum.Parse<PaymentRequestStatus>(Status), CheckoutRequestId, Enum.Parse<PaymentPurpose>(Purpose), LoanId);
    }
}
