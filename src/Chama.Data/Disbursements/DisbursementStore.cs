using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Loans;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Chama.Data.Welfare;
using Dapper;

namespace Chama.Data.Disbursements;

/// <summary>What settling a payout did: the payout, and whether this call settled it (false for a repeat).</summary>
public sealed record SettledDisbursement(Disbursement Disbursement, bool NewlySettled);

/// <summary>Builds the messages a settled payout sends (recipient, officers); queued in the settling transaction.</summary>
public delegate IEnumerable<OutboundMessage> PayoutNotices(Disbursement payout, PaymentParties parties, string detail);

/// <summary>
/// Payouts of pots, welfare requests, loans and share-out lines, from full approval to M-Pesa's result. Every change is an appended event; the
/// database lets a payout be sent once and settled once, so a result that arrives twice counts once.
/// </summary>
public sealed partial class DisbursementStore(IDatabase database, TimeProvider clock)
{
    private const string Select =
        """
        SELECT d.id, d.kind, d.subject_id, d.attempt, d.chama_id, d.recipient_member_id, d.receive_phone, d.amount_minor, d.currency,
               d.originator_conversation_id, d.created_at,
               COALESCE(
                   (SELECT e.status FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status IN ('Completed', 'Failed')),
                   (SELECT CAST('Unconfirmed' AS TEXT) FROM unconfirmed_payouts u WHERE u.disbursement_id = d.id),
                   (SELECT e.status FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Sent')) AS status,
               (SELECT transaction_id FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Completed') AS transaction_id
        FROM disbursements d
        """;

    /// <summary>
    /// Takes payouts that are approved but not yet sent, marking each sent so that no other worker sends it. A welfare
    /// payout is taken only once its cooling-off has passed. Only payouts M-Pesa can make are taken
    /// (<see cref="MpesaReach"/>: shillings, to a Kenyan receive phone); any other stays approved, to be paid by hand.
    /// The payouts due are read first and marked in one write per chama; a payout another worker took, or an officer
    /// cancelled, meanwhile is left out.
    /// </summary>
    public async Task<IReadOnlyList<Disbursement>> ClaimApprovedAsync(int limit, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var approved = await database.ReadAsync(
            (_, transaction) => QueryAsync(
                transaction,
                $"WHERE NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id) AND d.send_after <= @now AND {ByMpesa} ORDER BY d.id LIMIT @limit",
                WithMpesaRoute(new { limit, now })),
            cancellationToken);
        var claimed = new List<Disbursement>();
        foreach (var chama in approved.GroupBy(p => p.ChamaId))
        {
            var sent = await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await WriteScope.EnterChamaAsync(transaction, chama.Key);
                    return (await connection.QueryAsync<long>(
                        $"""
                        INSERT INTO disbursement_events (disbursement_id, status, at)
                        SELECT d.id, 'Sent', @now FROM disbursements d
                        WHERE d.id IN {IdList.Of(chama.Select(p => p.Id))} AND NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id)
                        RETURNING disbursement_id;
                        """,
                        new { now },
                        transaction)).ToHashSet();
                },
                cancellationToken);
            claimed.AddRange(chama.Where(p => sent.Contains(p.Id)).Select(p => p with { Status = DisbursementStatus.Sent }));
        }

        return claimed.OrderBy(p => p.Id).ToList();
    }

    /// <summary>
    /// An officer cancels an approved welfare payout during its cooling-off: it is recorded as failed, with the reason, so
    /// it is never sent (paying the request again needs fresh approvals). Null when no welfare payout of the officer's
    /// chama for that request is still cooling off. The <paramref name="notices"/> (given the payout and its requester) are
    /// queued in the same transaction.
    /// </summary>
    public Task<Disbursement?> CancelWelfareAsync(
        Member officer, long requestId, string reason, string channel, Func<Disbursement, Member, IEnumerable<OutboundMessage>>? notices = null, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can cancel a payout.");
        }

        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var cooling = (await QueryAsync(
                    transaction,
                    """
                    WHERE d.kind = 'Welfare' AND d.subject_id = @requestId AND d.chama_id = @ChamaId AND d.send_after > @Now
                      AND NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id)
                    """,
                    new { requestId, officer.ChamaId, Now = now.ToUnixTimeMilliseconds() })).SingleOrDefault();
                if (cooling is null)
                {
                    return null;
                }

                var detail = $"cancelled by officer: {reason.Trim()}";
                await connection.ExecuteAsync(
                    "INSERT INTO disbursement_events (disbursement_id, status, detail, at) VALUES (@Id, 'Failed', @detail, @At);",
                    new { cooling.Id, detail, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "payout.cancelled", $"{cooling.Code} {cooling.OriginatorConversationId} {detail}", now);
                var cancelled = cooling with { Status = DisbursementStatus.Failed };
                if (notices is not null)
                {
                    var requester = (await connection.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @RecipientMemberId;", new { cooling.RecipientMemberId }, transaction)).ToMember();
                    await Outbox.Outbox.EnqueueAllAsync(transaction, notices(cancelled, requester), now);
                }

                return cancelled;
            },
            cancellationToken);
    }

    public Task<Disbursement?> FindByOriginatorAsync(string originatorConversationId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (_, transaction) => await FindByOriginatorAsync(transaction, originatorConversationId), cancellationToken);

    public Task<IReadOnlyList<Disbursement>> ListForSubjectAsync(ApprovalKind kind, long subjectId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => ListForSubjectAsync(transaction, kind, subjectId), cancellationToken);

    internal static Task<IReadOnlyList<Disbursement>> ListForSubjectAsync(DbTransaction transaction, ApprovalKind kind, long subjectId) =>
        QueryAsync(transaction, "WHERE d.kind = @Kind AND d.subject_id = @subjectId ORDER BY d.attempt", new { Kind = kind.ToString(), subjectId });

    internal static async Task<Disbursement?> FindAsync(DbTransaction transaction, long payoutId) =>
        (await QueryAsync(transaction, "WHERE d.id = @payoutId", new { payoutId })).SingleOrDefault();

    /// <summary>
    /// Records M-Pesa's outcome for a payout. Only the first outcome counts; a completed welfare payout leaves the welfare
    /// fund, and the last payout of a share-out closes it, in the same transaction. Returns null when the id names no payout of ours.
    /// </summary>
    public Task<SettledDisbursement?> SettleAsync(
        string originatorConversationId, bool succeeded, string? transactionId, string detail, PayoutNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // The payout's chama before its state is read: a result and a status query's answer settle one after the other.
                if (await connection.QuerySingleOrDefaultAsync<long?>(
                        "SELECT chama_id FROM disbursements WHERE originator_conversation_id = @originatorConversationId;", new { originatorConversationId }, transaction) is { } chamaId)
                {
                    await WriteScope.EnterChamaAsync(transaction, chamaId);
                }

                if (await FindByOriginatorAsync(transaction, originatorConversationId) is not { } payout)
                {
                    return null;
                }

                return await RecordOutcomeAsync(transaction, payout, succeeded, transactionId, detail, Actor.System("mpesa"), notices, now);
            },
            cancellationToken);
    }

    /// <summary>
    /// The one way a payout is settled, whoever tells its outcome (M-Pesa's result, a status query, the statement the
    /// officers read): an appended Completed or Failed event, counted once by the database; a completed welfare payout
    /// leaves the welfare fund, a completed loan payout starts the loan's schedule (<see cref="LoanPayouts"/>); the audit
    /// entry and the notices in the same transaction. A receipt that already completed
    /// another payout is refused.
    /// </summary>
    private static async Task<SettledDisbursement> RecordOutcomeAsync(
        DbTransaction transaction, Disbursement payout, bool succeeded, string? transactionId, string detail, Actor actor, PayoutNotices notices, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, payout.ChamaId);
        var connection = transaction.Connection!;
        if (succeeded && transactionId is not null && await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM disbursement_events WHERE status = 'Completed' AND transaction_id = @transactionId AND disbursement_id <> @Id;",
            new { transactionId, payout.Id },
            transaction) > 0)
        {
            throw new ChamaException(ChamaError.ReceiptConflict, $"M-Pesa receipt {transactionId} already completed another payout.");
        }

        var status = succeeded ? DisbursementStatus.Completed : DisbursementStatus.Failed;
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO disbursement_events (disbursement_id, status, transaction_id, detail, at)
            VALUES (@Id, @Status, @transactionId, @detail, @At) ON CONFLICT DO NOTHING;
            """,
            new { payout.Id, Status = status.ToString(), transactionId, detail, At = now.ToUnixTimeMilliseconds() },
            transaction);
        if (inserted == 0)
        {
            return new SettledDisbursement(payout, NewlySettled: false);
        }

        if (succeeded && payout.Kind == ApprovalKind.Welfare)
        {
            await WelfareLedger.PayAsync(transaction, payout.ChamaId, payout.SubjectId, payout.Amount, transactionId ?? payout.OriginatorConversationId, actor, now);
        }

        // A loan's money has reached its borrower: its schedule starts today, and the borrower is sent it.
        var schedule = succeeded && payout.Kind == ApprovalKind.Loan ? await LoanPayouts.RecordPaidOutAsync(transaction, payout, actor, now) : null;

        if (succeeded && payout.Kind == ApprovalKind.ShareOut)
        {
            await ShareOuts.ShareOutClosing.CloseWhenPaidAsync(transaction, payout.SubjectId, now);
        }

        await Audit.RecordAsync(
            transaction, payout.ChamaId, actor, $"payout.{status.ToString().ToLowerInvariant()}", $"{payout.Code} {payout.OriginatorConversationId} {transactionId} {detail}".Trim(), now);
        var settled = (await FindByOriginatorAsync(transaction, payout.OriginatorConversationId))!;
        var parties = await PaymentParties.LoadAsync(transaction, payout.ChamaId, payout.RecipientMemberId) with { LoanSchedule = schedule };
        foreach (var message in notices(settled, parties, detail))
        {
            await Outbox.Outbox.EnqueueAsync(transaction, message, now);
        }

        return new SettledDisbursement(settled, NewlySettled: true);
    }

    /// <summary>Attempts so far that did not fail: while one exists, the subject is being paid or has been paid.</summary>
    internal static Task<long> LiveAttemptsAsync(DbTransaction transaction, ApprovalKind kind, long subjectId) =>
        transaction.Connection!.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM disbursements d WHERE d.kind = @Kind AND d.subject_id = @subjectId
              AND NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Failed');
            """,
            new { Kind = kind.ToString(), subjectId },
            transaction);

    /// <summary>The attempt a new approval belongs to: one after every failed payout of the subject.</summary>
    internal static async Task<int> CurrentAttemptAsync(DbTransaction transaction, ApprovalKind kind, long subjectId) =>
        1 + (int)await transaction.Connection!.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM disbursements d WHERE d.kind = @Kind AND d.subject_id = @subjectId
              AND EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Failed');
            """,
            new { Kind = kind.ToString(), subjectId },
            transaction);

    /// <summary>
    /// Creates the payout for a subject whose approvals are complete, inside the transaction that recorded the last
    /// approval. Refuses what M-Pesa cannot pay in one transaction and welfare beyond what the fund holds after the
    /// payouts already on their way. A payout M-Pesa cannot make (<see cref="MpesaReach"/>: another currency, a receive
    /// phone outside Kenya) is created all the same and stays approved, never claimed for B2C, until it is paid by hand.
    /// </summary>
    internal static async Task<Disbursement> CreateAsync(DbTransaction transaction, PendingApproval approved, DateTimeOffset now)
    {
        var subject = approved.Subject;
        await WriteScope.EnterChamaAsync(transaction, subject.ChamaId);
        var recipient = (await transaction.Connection!.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @BeneficiaryMemberId;", new { subject.BeneficiaryMemberId }, transaction)).ToMember();
        if (!MpesaCanPay(subject.Amount, recipient))
        {
            throw new ChamaException(
                ChamaError.InvalidAmount,
                $"{subject.Amount} cannot be paid by M-Pesa in one payout: whole shillings from {Disbursement.Minimum} to {Disbursement.Maximum}.");
        }

        if (subject.Kind == ApprovalKind.Welfare)
        {
            WelfareFund.EnsureCanPay(await WelfareLedger.AvailableAsync(transaction, subject.ChamaId), subject.Amount);
        }

        // A welfare payout waits out its cooling-off.
        var rules = (await transaction.Connection!.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { subject.ChamaId }, transaction)).ToChama().Constitution;
        var sendAfter = now + TimeSpan.FromHours(subject.Kind == ApprovalKind.Welfare ? rules.WelfareCoolingOffHours : 0);
        return await InsertAsync(transaction, subject.Kind, subject.Id, approved.Attempt, recipient, subject.Amount, rules, sendAfter, now);
    }

    /// <summary>
    /// The payout of one line of a share-out, created in the transaction that approved the share-out; the line's id is
    /// its subject, so the database lets each line be paid once. The caller has checked <see cref="MpesaCanPay"/>.
    /// </summary>
    internal static Task<Disbursement> CreateForShareOutLineAsync(DbTransaction transaction, long lineId, Member recipient, Money amount, Constitution rules, DateTimeOffset now) =>
        InsertAsync(transaction, ApprovalKind.ShareOut, lineId, 1, recipient, amount, rules, now, now);

    /// <summary>False when M-Pesa serves the payout but cannot make it in one transaction (whole shillings, within its limits).</summary>
    internal static bool MpesaCanPay(Money amount, Member recipient) =>
        !MpesaReach.Serves(amount.Currency, recipient.ReceivePhone)
        || (amount >= Disbursement.Minimum && amount <= Disbursement.Maximum && amount.IsWholeMajor);

    private static async Task<Disbursement> InsertAsync(
        DbTransaction transaction, ApprovalKind kind, long subjectId, int attempt, Member recipient, Money amount, Constitution rules, DateTimeOffset sendAfter, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, recipient.ChamaId);
        // Any payout waits until a newly changed payout phone may receive (Rule 9).
        if (await MemberChanges.MemberChangeStore.PayoutPhoneReceivesFromAsync(transaction, recipient.ChamaId, recipient.Id, rules) is { } receivesFrom
            && receivesFrom > sendAfter)
        {
            sendAfter = receivesFrom;
        }

        var code = ApprovalSubject.CodeFor(kind, subjectId);
        var originator = Disbursement.NewOriginatorConversationId(kind, subjectId, attempt);
        var id = await transaction.Connection!.ExecuteScalarAsync<long>(
            """
            INSERT INTO disbursements (kind, subject_id, attempt, chama_id, recipient_member_id, receive_phone, amount_minor, currency, originator_conversation_id, created_at, send_after)
            VALUES (@Kind, @subjectId, @attempt, @ChamaId, @RecipientId, @Phone, @Minor, @Currency, @originator, @At, @SendAfter) RETURNING id;
            """,
            new
            {
                Kind = kind.ToString(),
                subjectId,
                attempt,
                recipient.ChamaId,
                RecipientId = recipient.Id,
                Phone = recipient.ReceivePhone.E164,
                amount.Minor,
                amount.Currency,
                originator,
                At = now.ToUnixTimeMilliseconds(),
                SendAfter = sendAfter.ToUnixTimeMilliseconds(),
            },
            transaction);
        await Audit.RecordAsync(transaction, recipient.ChamaId, Actor.System("approvals"), "payout.approved", $"{code} attempt:{attempt} {originator} send-after:{sendAfter:O}", now);
        return new Disbursement(
            id, kind, subjectId, attempt, recipient.ChamaId, recipient.Id, recipient.ReceivePhone, amount, originator, DisbursementStatus.Approved, now, null);
    }

    private static async Task<Disbursement?> FindByOriginatorAsync(DbTransaction transaction, string originatorConversationId) =>
        (await QueryAsync(transaction, "WHERE d.originator_conversation_id = @originatorConversationId", new { originatorConversationId })).FirstOrDefault();

    private static async Task<IReadOnlyList<Disbursement>> QueryAsync(DbTransaction transaction, string where, object parameters) =>
        (await transaction.Connection!.QueryAsync<Row>($"{Select} {where};", parameters, transaction)).Select(r => r.ToDisbursement()).ToList();

    private sealed class Row
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public long SubjectId { get; init; }
        public long Attempt { get; init; }
        public long ChamaId { get; init; }
        public long RecipientMemberId { get; init; }
        public string ReceivePhone { get; init; } = "";
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string OriginatorConversationId { get; init; } = "";
        public long CreatedAt { get; init; }
        public string? Status { get; init; }
        public string? TransactionId { get; init; }

        public Disbursement ToDisbursement() => new(
            Id,
            Enum.Parse<ApprovalKind>(Kind),
            SubjectId,
            (int)Attempt,
            ChamaId,
            RecipientMemberId,
            PhoneNumber.FromStored(ReceivePhone),
            new Money(AmountMinor, Currency),
            OriginatorConversationId,
            Status is null ? DisbursementStatus.Approved : Enum.Parse<DisbursementStatus>(Status),
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            TransactionId);
    }
}
