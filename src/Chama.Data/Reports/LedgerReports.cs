using System.Data.Common;
using System.Globalization;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Reports;

/// <summary>
/// Reads a chama's whole ledger for reports: every payment, welfare request and payout, as recorded. Read only; plain SQL
/// (joins and sub-selects, no engine-specific functions) so any provider answers it the same.
/// </summary>
public sealed class LedgerReports(IDatabase database)
{
    /// <summary>
    /// The chama, all its members (past ones too) and the parts of its ledger asked for, read in one snapshot so that
    /// every line names a member and the totals agree with each other. Null when there is no such chama.
    /// </summary>
    public Task<LedgerSnapshot?> ReadAsync(long chamaId, LedgerParts parts, CancellationToken cancellationToken = default) =>
        database.ReadAsync<LedgerSnapshot?>(
            async (connection, transaction) =>
            {
                var chama = (await connection.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama();
                if (chama is null)
                {
                    return null;
                }

                var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId;", new { chamaId }, transaction))
                    .Select(r => r.ToMember())
                    .ToDictionary(m => m.Id);
                return new LedgerSnapshot(
                    chama,
                    members,
                    parts.HasFlag(LedgerParts.Contributions) ? await ContributionsAsync(transaction, chamaId) : [],
                    parts.HasFlag(LedgerParts.Welfare) ? await WelfareRequestsAsync(transaction, chamaId, chama.Currency) : [],
                    parts.HasFlag(LedgerParts.Welfare) ? await WelfarePayoutsAsync(transaction, chamaId, chama.Currency) : [],
                    parts.HasFlag(LedgerParts.Payouts) ? await PayoutsAsync(transaction, chamaId) : [],
                    parts.HasFlag(LedgerParts.Rounds) ? await CyclesAsync(transaction, chamaId) : [])
                {
                    ExitSettlements = parts.HasFlag(LedgerParts.Welfare) ? await ExitSettlementsAsync(transaction, chamaId, chama.Currency) : [],
                };
            },
            cancellationToken);

    private static async Task<IReadOnlyList<ContributionLine>> ContributionsAsync(DbTransaction transaction, long chamaId)
    {
        var rows = await transaction.Connection!.QueryAsync<ContributionRow>(
            """
            SELECT c.id, c.fund, c.member_id, c.amount_minor, c.currency, c.receipt, c.recorded_at,
                   cy.number AS cycle_number, r.number AS round_number, r.due_date,
                   (SELECT COALESCE(CAST(SUM(ce.amount_minor) AS BIGINT), 0) FROM credit_entries ce
                    WHERE ce.contribution_id = c.id AND ce.round_id = c.round_id AND ce.kind = 'CreditCarriedOut') AS carried_minor,
                   pr.channel AS push_channel,
                   (SELECT COUNT(*) FROM suspense_allocations sa WHERE sa.contribution_id = c.id) AS allocations,
                   (SELECT MIN(fp.fine_id) FROM fine_payments fp WHERE fp.contribution_id = c.id) AS fine_id,
                   (SELECT COUNT(*) FROM fine_payments fp WHERE fp.contribution_id = c.id) AS fines_paid,
                   (SELECT fr.number FROM fine_payments fp JOIN fines f ON f.id = fp.fine_id JOIN rounds fr ON fr.id = f.round_id
                    WHERE fp.contribution_id = c.id ORDER BY fp.fine_id LIMIT 1) AS fine_round_number,
                   rp.recorded_by_member_id, rp.paid_minor, rp.paid_currency, rp.rate,
                   (SELECT COUNT(*) FROM payment_disputes d WHERE d.recorded_payment_id = rp.id) AS disputes,
                   (SELECT MAX(x.reversed_at) FROM payment_reversals x WHERE x.contribution_id = c.id) AS reversed_at
            FROM contributions c
            LEFT JOIN rounds r ON r.id = c.round_id
            LEFT JOIN cycles cy ON cy.id = r.cycle_id
            LEFT JOIN payment_requests pr ON pr.id = c.payment_request_id
            LEFT JOIN recorded_payments rp ON rp.contribution_id = c.id
            WHERE c.chama_id = @chamaId
            ORDER BY c.recorded_at, c.id;
            """,
            new { chamaId },
            transaction);
        var recordedVia = await RecordedViaAsync(transaction, chamaId);
        return rows.Select(r => r.ToLine(recordedVia.GetValueOrDefault(r.Receipt))).ToList();
    }

    private static async Task<IReadOnlyList<WelfareRequestLine>> WelfareRequestsAsync(DbTransaction transaction, long chamaId, string currency) =>
        (await transaction.Connection!.QueryAsync<(long Id, long MemberId, string Kind, long AmountMinor, string Reason, long RequestedAt)>(
            "SELECT id, member_id, kind, amount_minor, reason, requested_at FROM welfare_requests WHERE chama_id = @chamaId ORDER BY requested_at, id;",
            new { chamaId },
            transaction))
        .Select(r => new WelfareRequestLine(
            r.Id, r.MemberId, Enum.Parse<WelfareKind>(r.Kind), new Money(r.AmountMinor, currency), r.Reason, DateTimeOffset.FromUnixTimeMilliseconds(r.RequestedAt)))
        .ToList();

    private static async Task<IReadOnlyList<WelfarePayoutLine>> WelfarePayoutsAsync(DbTransaction transaction, long chamaId, string currency) =>
        (await transaction.Connection!.QueryAsync<(long Id, long? RequestId, long? MemberId, long AmountMinor, string Reference, long PaidAt)>(
            """
            SELECT p.id, p.request_id, w.member_id, p.amount_minor, p.reference, p.paid_at
            FROM welfare_payouts p LEFT JOIN welfare_requests w ON w.id = p.request_id
            WHERE p.chama_id = @chamaId ORDER BY p.paid_at, p.id;
            """,
            new { chamaId },
            transaction))
        .Select(r => new WelfarePayoutLine(
            r.Id, r.RequestId, r.MemberId, new Money(r.AmountMinor, currency), r.Reference, DateTimeOffset.FromUnixTimeMilliseconds(r.PaidAt)))
        .ToList();

    private static async Task<IReadOnlyList<ExitSettlementLine>> ExitSettlementsAsync(DbTransaction transaction, long chamaId, string currency) =>
        (await transaction.Connection!.QueryAsync<(long Id, long MemberId, long RoundNumber, long RefundMinor, long ToWelfareMinor, long SettledAt)>(
            """
            SELECT s.id, x.member_id, r.number, s.refund_minor, s.to_welfare_minor, s.settled_at
            FROM exit_settlements s JOIN member_exits x ON x.id = s.exit_id JOIN rounds r ON r.id = s.round_id
            WHERE s.chama_id = @chamaId ORDER BY s.settled_at, s.id;
            """,
            new { chamaId },
            transaction))
        .Select(r => new ExitSettlementLine(
            r.Id, r.MemberId, (int)r.RoundNumber, new Money(r.RefundMinor, currency), new Money(r.ToWelfareMinor, currency), DateTimeOffset.FromUnixTimeMilliseconds(r.SettledAt)))
        .ToList();

    /// <summary>Every payout attempt of the chama, pots, welfare and loans, oldest first, each with its latest event.</summary>
    private static async Task<IReadOnlyList<PayoutLine>> PayoutsAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QueryAsync<PayoutRow>(
            """
            SELECT d.id, d.kind, d.subject_id, d.attempt, d.recipient_member_id, d.amount_minor, d.currency,
                   d.originator_conversation_id, d.created_at,
                   (SELECT e.status FROM disbursement_events e WHERE e.disbursement_id = d.id ORDER BY e.id DESC LIMIT 1) AS status,
                   (SELECT e.at FROM disbursement_events e WHERE e.disbursement_id = d.id ORDER BY e.id DESC LIMIT 1) AS status_at,
                   (SELECT e.transaction_id FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Completed') AS transaction_id,
                   (SELECT e.detail FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Failed') AS detail,
                   cy.number AS cycle_number, r.number AS round_number
            FROM disbursements d
            LEFT JOIN rounds r ON d.kind = 'Pot' AND r.id = d.subject_id
            LEFT JOIN cycles cy ON cy.id = r.cycle_id
            WHERE d.chama_id = @chamaId
            ORDER BY d.created_at, d.id;
            """,
            new { chamaId },
            transaction))
        .Select(r => r.ToLine())
        .ToList();

    /// <summary>Every cycle of the chama in order, each with its rounds summarised by the ledger's own rules.</summary>
    private static async Task<IReadOnlyList<CycleRounds>> CyclesAsync(DbTransaction transaction, long chamaId)
    {
        var cycles = (await transaction.Connection!.QueryAsync<CycleRow>(
            $"{CycleRow.Select} WHERE chama_id = @chamaId ORDER BY number;", new { chamaId }, transaction)).Select(r => r.ToCycle());
        var summarised = new List<CycleRounds>();
        foreach (var cycle in cycles)
        {
            summarised.Add(new CycleRounds(cycle, await ContributionLedger.SummariseCycleAsync(transaction, cycle.Id)));
        }

        return summarised;
    }

    /// <summary>
    /// The channel each payment's recording was audited with, by receipt. The audit subject of a recorded payment starts
    /// with <c>receipt:&lt;receipt&gt; </c> (receipts hold no spaces), so the receipt is read from there rather than matched in SQL.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> RecordedViaAsync(DbTransaction transaction, long chamaId)
    {
        var audited = await transaction.Connection!.QueryAsync<(string Subject, string Channel)>(
            "SELECT subject, channel FROM audit_log WHERE chama_id = @chamaId AND action IN ('contribution.recorded', 'welfare.contribution') ORDER BY id;",
            new { chamaId },
            transaction);
        var byReceipt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (subject, channel) in audited)
        {
            var first = subject.Split(' ', 2)[0];
            if (first.StartsWith("receipt:", StringComparison.Ordinal))
            {
                byReceipt.TryAdd(first["receipt:".Length..], channel);
            }
        }

        return byReceipt;
    }

    private sealed class ContributionRow
    {
        public long Id { get; init; }
        public string Fund { get; init; } = "";
        public long MemberId { get; init; }
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string Receipt { get; init; } = "";
        public long RecordedAt { get; init; }
        public long? CycleNumber { get; init; }
        public long? RoundNumber { get; init; }
        public string? DueDate { get; init; }
        public long CarriedMinor { get; init; }
        public string? PushChannel { get; init; }
        public long Allocations { get; init; }
        public long? FineId { get; init; }
        public long? FineRoundNumber { get; init; }

        public long? RecordedByMemberId { get; init; }
        public long? PaidMinor { get; init; }
        public string? PaidCurrency { get; init; }
        public string? Rate { get; init; }
        public long Disputes { get; init; }
        public long? ReversedAt { get; init; }

        /// <summary>How many fines this one payment settled: a push for fines pays every fine it covers, so one row each would count its money again.</summary>
        public long FinesPaid { get; init; }

        public ContributionLine ToLine(string? recordedVia) => new(
            Id,
            Enum.Parse<Fund>(Fund),
            MemberId,
            new Money(AmountMinor, Currency),
            Core.Receipt.Parse(Receipt),
            DateTimeOffset.FromUnixTimeMilliseconds(RecordedAt),
            (int?)CycleNumber,
            (int?)RoundNumber,
            DueDate is null ? null : DateOnly.ParseExact(DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            new Money(CarriedMinor, Currency),
            PushChannel,
            Allocations > 0,
            recordedVia,
            FineId,
            (int?)FineRoundNumber,
            (int)FinesPaid)
        {
            RecordedByMemberId = RecordedByMemberId,
            PaidAbroad = PaidMinor is { } paid ? new ForeignPayment(new Money(paid, PaidCurrency!), decimal.Parse(Rate!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)) : null,
            Disputed = Disputes > 0,
            ReversedAt = ReversedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        };
    }

    private sealed class PayoutRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public long SubjectId { get; init; }
        public long Attempt { get; init; }
        public long RecipientMemberId { get; init; }
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string OriginatorConversationId { get; init; } = "";
        public long CreatedAt { get; init; }
        public string? Status { get; init; }
        public long? StatusAt { get; init; }
        public string? TransactionId { get; init; }
        public string? Detail { get; init; }
        public long? CycleNumber { get; init; }
        public long? RoundNumber { get; init; }

        public PayoutLine ToLine() => new(
            Id,
            Enum.Parse<ApprovalKind>(Kind),
            SubjectId,
            (int)Attempt,
            RecipientMemberId,
            new Money(AmountMinor, Currency),
            OriginatorConversationId,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            Status is null ? DisbursementStatus.Approved : Enum.Parse<DisbursementStatus>(Status),
            DateTimeOffset.FromUnixTimeMilliseconds(StatusAt ?? CreatedAt),
            TransactionId,
            string.IsNullOrEmpty(Detail) ? null : Detail,
            (int?)CycleNumber,
            (int?)RoundNumber);
    }
}
