using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Welfare;

/// <summary>The welfare fund: its own contributions, requests and payouts, never mixed with any pot.</summary>
public sealed class WelfareLedger(IDatabase database, TimeProvider clock)
{
    public async Task<RecordedContribution> RecordContributionAsync(long memberId, Money amount, string receiptText, Actor actor, CancellationToken cancellationToken = default)
    {
        var receipt = Receipt.Parse(receiptText);
        if (!amount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"{amount} is not a payment: amounts must be more than zero.");
        }

        var now = clock.GetUtcNow();
        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterMemberAsync(transaction, memberId);
                if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is { } existing)
                {
                    return existing.MemberId == memberId && existing.Amount == amount && existing.Fund == Fund.Welfare
                        ? new RecordedContribution(existing, AlreadyRecorded: true)
                        : throw new ChamaException(ChamaError.ReceiptConflict, $"Receipt {receipt} is already recorded for another payment.");
                }

                var member = await ActiveMemberAsync(transaction, memberId);
                var chama = await ChamaOfAsync(transaction, member.ChamaId);
                RoundLedger.EnsurePayable(amount, chama.Currency);
                var contribution = await ContributionRow.InsertAsync(transaction, member.ChamaId, null, memberId, Fund.Welfare, amount, receipt, now);
                await Audit.RecordAsync(transaction, member.ChamaId, actor, "welfare.contribution", $"receipt:{receipt} member:{memberId} amount:{amount.Minor}", now);
                return new RecordedContribution(contribution, AlreadyRecorded: false);
            },
            cancellationToken);
    }

    /// <summary>
    /// Records a member's M-Pesa payment into the welfare fund inside the settlement's transaction: one welfare
    /// contribution under the receipt (unique, so a receipt is counted once) naming the payment request, audited as
    /// every welfare contribution is. The member may have left since the push: the money arrived, so it is recorded.
    /// </summary>
    internal static async Task<Contribution> RecordPushedAsync(
        DbTransaction transaction, long chamaId, long memberId, Money amount, Receipt receipt, Actor actor, DateTimeOffset now, long paymentRequestId)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is not null)
        {
            throw new ChamaException(ChamaError.ReceiptConflict, $"Receipt {receipt} is already recorded for another payment.");
        }

        var contribution = await ContributionRow.InsertAsync(transaction, chamaId, null, memberId, Fund.Welfare, amount, receipt, now, paymentRequestId);
        await Audit.RecordAsync(transaction, chamaId, actor, "welfare.contribution", $"receipt:{receipt} member:{memberId} amount:{amount.Minor}", now);
        return contribution;
    }

    public Task<Money> GetBalanceAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => BalanceAsync(transaction, chamaId), cancellationToken);

    /// <summary>What the fund can still pay: its balance less the welfare payouts approved and not yet settled.</summary>
    public Task<Money> GetAvailableAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => AvailableAsync(transaction, chamaId), cancellationToken);

    /// <summary>Every welfare request of a chama, newest first.</summary>
    public Task<IReadOnlyList<WelfareRequest>> ListRequestsAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<WelfareRequest>>(
            async (connection, transaction) =>
            {
                var chama = await ChamaOfAsync(transaction, chamaId);
                return (await connection.QueryAsync<RequestRow>($"{RequestRow.Select} WHERE chama_id = @chamaId ORDER BY id DESC;", new { chamaId }, transaction))
                    .Select(r => r.ToRequest(chama.Currency)).ToList();
            },
            cancellationToken);

    /// <summary>Every payout out of a chama's welfare fund, newest first.</summary>
    public Task<IReadOnlyList<WelfarePayout>> ListPayoutsAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<WelfarePayout>>(
            async (connection, transaction) =>
            {
                var chama = await ChamaOfAsync(transaction, chamaId);
                return (await connection.QueryAsync<PayoutRow>($"{PayoutRow.Select} WHERE chama_id = @chamaId ORDER BY id DESC;", new { chamaId }, transaction))
                    .Select(r => r.ToPayout(chama.Currency)).ToList();
            },
            cancellationToken);

    /// <summary>Records a request; with a <paramref name="requestKey"/>, a retried step returns the request already recorded.</summary>
    public async Task<WelfareRequest> RequestAsync(
        long memberId, WelfareKind kind, Money amount, string reason, Actor actor, string? requestKey = null, CancellationToken cancellationToken = default)
    {
        var validReason = WelfareRequest.ValidateReason(reason);
        var now = clock.GetUtcNow();
        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterMemberAsync(transaction, memberId);
                var member = await ActiveMemberAsync(transaction, memberId);
                var chama = await ChamaOfAsync(transaction, member.ChamaId);
                RoundLedger.EnsurePayable(amount, chama.Currency);
                if (chama.Constitution.WelfarePayoutLimit is { } limit && amount > limit)
                {
                    throw new ChamaException(ChamaError.InvalidAmount, $"A welfare payout is at most {limit} (the constitution's rule {(int)Clause.Welfare}).");
                }

                if (requestKey is not null && await connection.QuerySingleOrDefaultAsync<RequestRow>(
                        $"{RequestRow.Select} WHERE request_key = @requestKey;", new { requestKey }, transaction) is { } existing)
                {
                    return existing.ToRequest(chama.Currency);
                }

                await EnsureFundCanPayAsync(transaction, member.ChamaId, amount);
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO welfare_requests (chama_id, member_id, kind, amount_minor, reason, requested_at, request_key)
                    VALUES (@ChamaId, @memberId, @Kind, @Minor, @validReason, @At, @requestKey) RETURNING id;
                    """,
                    new { member.ChamaId, memberId, Kind = kind.ToString(), amount.Minor, validReason, At = now.ToUnixTimeMilliseconds(), requestKey },
                    transaction);
                await Audit.RecordAsync(transaction, member.ChamaId, actor, "welfare.requested", $"request:{id} amount:{amount.Minor}", now);
                return new WelfareRequest(id, member.ChamaId, memberId, kind, amount, validReason, WelfareRequestStatus.Pending, now);
            },
            cancellationToken);
    }

    /// <summary>
    /// Pays out of the welfare fund, never more than it holds. Idempotent on the provider's reference: the same
    /// reference and amount again returns the first payout.
    /// </summary>
    public Task<WelfarePayout> PayAsync(long chamaId, long? requestId, Money amount, string reference, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync((_, transaction) => PayAsync(transaction, chamaId, requestId, amount, reference, actor, now), cancellationToken);
    }

    /// <summary>Pays inside the caller's transaction (a payout M-Pesa has confirmed).</summary>
    internal static async Task<WelfarePayout> PayAsync(
        System.Data.Common.DbTransaction transaction, long chamaId, long? requestId, Money amount, string reference, Actor actor, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        var validReference = string.IsNullOrWhiteSpace(reference)
            ? throw new ChamaException(ChamaError.InvalidReceipt, "A payout needs its provider's reference.")
            : reference.Trim();
        var connection = transaction.Connection!;
        var existing = await connection.QuerySingleOrDefaultAsync<PayoutRow>(
            $"{PayoutRow.Select} WHERE reference = @validReference;", new { validReference }, transaction);
        var chama = await ChamaOfAsync(transaction, chamaId);
        if (existing is not null)
        {
            return existing.ChamaId == chamaId && existing.AmountMinor == amount.Minor && existing.RequestId == requestId
                ? existing.ToPayout(chama.Currency)
                : throw new ChamaException(ChamaError.ReceiptConflict, $"Payout reference {validReference} is already used by another payout.");
        }

        if (requestId is { } id)
        {
            var owner = await connection.QuerySingleOrDefaultAsync<long?>(
                "SELECT chama_id FROM welfare_requests WHERE id = @id;", new { id }, transaction);
            if (owner != chamaId)
            {
                throw new ChamaException(ChamaError.UnknownWelfareRequest, $"There is no welfare request {id} in this chama.");
            }

            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM welfare_payouts WHERE request_id = @id;", new { id }, transaction) > 0)
            {
                throw new ChamaException(ChamaError.WelfareRequestClosed, $"Welfare request {id} has already been paid.");
            }
        }

        RoundLedger.EnsurePayable(amount, chama.Currency);
        WelfareFund.EnsureCanPay(await BalanceAsync(transaction, chamaId), amount);
        var payoutId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO welfare_payouts (chama_id, request_id, amount_minor, reference, paid_at)
            VALUES (@chamaId, @requestId, @Minor, @validReference, @At) RETURNING id;
            """,
            new { chamaId, requestId, amount.Minor, validReference, At = now.ToUnixTimeMilliseconds() },
            transaction);
        await Audit.RecordAsync(transaction, chamaId, actor, "welfare.paid", $"payout:{payoutId} amount:{amount.Minor}", now);
        return new WelfarePayout(payoutId, chamaId, requestId, amount, validReference, now);
    }

    /// <summary>
    /// An officer's approval found the fund too short to pay <paramref name="requestId"/> (see
    /// <c>DecisionOutcome.CannotPay</c>): the request is closed, a recorded fact, and <paramref name="notices"/> (made
    /// from the closure and the chama's active officers) are queued in the same transaction. Null, with nothing
    /// written, when the request is not open or the fund can pay it after all.
    /// </summary>
    public Task<WelfareClosure?> CloseUnpayableAsync(
        Member officer, long requestId, string channel, Func<WelfareClosure, IReadOnlyList<Member>, IEnumerable<OutboundMessage>> notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync<WelfareClosure?>(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var chama = await ChamaOfAsync(transaction, officer.ChamaId);
                var row = await connection.QuerySingleOrDefaultAsync<RequestRow>(
                    $"{RequestRow.Select} WHERE id = @requestId AND chama_id = @ChamaId;", new { requestId, officer.ChamaId }, transaction);
                if (!officer.IsOfficer || row is null || row.Closures > 0
                    || await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM welfare_payouts WHERE request_id = @requestId;", new { requestId }, transaction) > 0
                    || await DisbursementStore.LiveAttemptsAsync(transaction, ApprovalKind.Welfare, requestId) > 0)
                {
                    return null;
                }

                var request = row.ToRequest(chama.Currency);
                var fund = await AvailableAsync(transaction, chama.Id);
                if (request.Amount <= fund)
                {
                    return null;
                }

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO welfare_request_closures (request_id, chama_id, fund_minor, officer_member_id, channel, closed_at)
                    VALUES (@requestId, @ChamaId, @Fund, @OfficerId, @channel, @At) RETURNING id;
                    """,
                    new { requestId, officer.ChamaId, Fund = fund.Minor, OfficerId = officer.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, chama.Id, Actor.Member(officer.Id, channel), "welfare.closed", $"request:{requestId} amount:{request.Amount.Minor} fund:{fund.Minor}", now);
                var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @Id;", new { chama.Id }, transaction))
                    .Select(r => r.ToMember()).ToList();
                var closure = new WelfareClosure(
                    id, request with { Status = WelfareRequestStatus.Closed }, members.Single(m => m.Id == request.MemberId), fund, officer, now);
                await Outbox.Outbox.EnqueueAllAsync(transaction, notices(closure, members.Where(m => m.Active && m.IsOfficer).ToList()), now);
                return closure;
            },
            cancellationToken);
    }

    /// <summary>A request is refused when it is made if the fund could not pay it now; nothing is recorded.</summary>
    private static async Task EnsureFundCanPayAsync(System.Data.Common.DbTransaction transaction, long chamaId, Money amount)
    {
        var available = await AvailableAsync(transaction, chamaId);
        if (amount > available)
        {
            throw new ChamaException(ChamaError.InsufficientWelfareFunds, $"The welfare fund holds {available} for new payouts, less than {amount}.") { Facts = available };
        }
    }

    /// <summary>The balance less welfare payouts approved and not yet settled (cooling off, or sent): what a new payout may use.</summary>
    internal static async Task<Money> AvailableAsync(System.Data.Common.DbTransaction transaction, long chamaId)
    {
        var inFlight = await transaction.Connection!.ExecuteScalarAsync<long>(
            """
            SELECT COALESCE(CAST(SUM(d.amount_minor) AS BIGINT), 0) FROM disbursements d WHERE d.chama_id = @chamaId AND d.kind = 'Welfare'
              AND NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status IN ('Completed', 'Failed'));
            """,
            new { chamaId },
            transaction);
        var balance = await BalanceAsync(transaction, chamaId);
        return balance - new Money(inFlight, balance.Currency);
    }

    internal static async Task<Money> BalanceAsync(System.Data.Common.DbTransaction transaction, long chamaId)
    {
        var chama = await ChamaOfAsync(transaction, chamaId);
        var totals = await transaction.Connection!.QuerySingleAsync<(long In, long Out)>(
            """
            SELECT (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM contributions WHERE chama_id = @chamaId AND fund = 'Welfare')
                   - (SELECT COALESCE(CAST(SUM(e.amount_minor) AS BIGINT), 0) FROM reversal_entries e JOIN payment_reversals x ON x.id = e.reversal_id
                      WHERE x.chama_id = @chamaId AND e.kind = 'Welfare')
                   + (SELECT COALESCE(CAST(SUM(to_welfare_minor) AS BIGINT), 0) FROM exit_settlements WHERE chama_id = @chamaId),
                   (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM welfare_payouts WHERE chama_id = @chamaId);
            """,
            new { chamaId },
            transaction);
        return WelfareFund.Balance(new Money(totals.In, chama.Currency), new Money(totals.Out, chama.Currency));
    }

    private static async Task<Member> ActiveMemberAsync(System.Data.Common.DbTransaction transaction, long memberId)
    {
        var member = (await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @memberId;", new { memberId }, transaction))?.ToMember()
            ?? throw new ChamaException(ChamaError.UnknownMember, $"There is no member {memberId}.");
        return member.Active ? member : throw new ChamaException(ChamaError.MemberInactive, $"{member.Name} is no longer an active member.");
    }

    private static async Task<ChamaGroup> ChamaOfAsync(System.Data.Common.DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama()
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");

    private sealed class RequestRow
    {
        public long Id { get; init; }
        public long ChamaId { get; init; }
        public long MemberId { get; init; }
        public string Kind { get; init; } = "";
        public long AmountMinor { get; init; }
        public string Reason { get; init; } = "";
        public long RequestedAt { get; init; }
        public long Closures { get; init; }

        public const string Select =
            """
            SELECT id, chama_id, member_id, kind, amount_minor, reason, requested_at,
                   (SELECT COUNT(*) FROM welfare_request_closures c WHERE c.request_id = welfare_requests.id) AS closures
            FROM welfare_requests
            """;

        public WelfareRequest ToRequest(string currency) => new(
            Id, ChamaId, MemberId, Enum.Parse<WelfareKind>(Kind), new Money(AmountMinor, currency), Reason,
            Closures > 0 ? WelfareRequestStatus.Closed : WelfareRequestStatus.Pending, DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt));
    }

    private sealed class PayoutRow
    {
        public long Id { get; init; }
        public long ChamaId { get; init; }
        public long? RequestId { get; init; }
        public long AmountMinor { get; init; }
        public string Reference { get; init; } = "";
        public long PaidAt { get; init; }

        public const string Select = "SELECT id, chama_id, request_id, amount_minor, reference, paid_at FROM welfare_payouts";

        public WelfarePayout ToPayout(string currency) =>
            new(Id, ChamaId, RequestId, new Money(AmountMinor, currency), Reference, DateTimeOffset.FromUnixTimeMilliseconds(PaidAt));
    }
}
