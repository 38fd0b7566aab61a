using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Fines;

/// <summary>A fine waived by an officer: the fine and the member it was charged to.</summary>
public sealed record WaivedFine(Fine Fine, Member Member);

/// <summary>A fine's payment: the welfare contribution that settled it.</summary>
public sealed record RecordedFinePayment(Fine Fine, Contribution Contribution, bool AlreadyRecorded);

/// <summary>
/// A payment of a member's fines by M-Pesa: the fines it paid, what was left over (a waiver between the push and its
/// answer, say: kept in the welfare fund as the member's welfare contribution) and the fines the member still owes.
/// </summary>
public sealed record SettledFines(IReadOnlyList<Fine> Paid, Money ToWelfare, Money StillOwed);

/// <summary>
/// Late fines: charged once per member, round and day of lateness (the database holds it), waived by an officer with a reason, or paid
/// into the fund the constitution names (the welfare fund). Nothing here is ever changed: a waiver and a payment are
/// entries of their own.
/// </summary>
public sealed class FineStore(IDatabase database, TimeProvider clock)
{
    public const int MaxReasonLength = 140;

    /// <summary>
    /// Fines every active member of the round's rotation who is not fully paid, once the grace period has ended: once a
    /// round (flat) or once for each day late up to the cap (per day). Returns the fines charged by this call; a fine
    /// for a member, round and day already charged is not charged again, whoever asks and however often.
    /// </summary>
    public Task<IReadOnlyList<Fine>> ChargeAsync(ChamaGroup chama, Round round, CancellationToken cancellationToken = default)
    {
        var rules = chama.Constitution;
        var now = clock.GetUtcNow();
        if (!LateFines.Applies(rules) || !LateFines.GraceHasEnded(round.DueDate, rules.GraceDays, now))
        {
            return Task.FromResult<IReadOnlyList<Fine>>([]);
        }

        return ChargeDueAsync(chama, round, now, cancellationToken);
    }

    private async Task<IReadOnlyList<Fine>> ChargeDueAsync(ChamaGroup chama, Round round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = chama.Constitution;

        // The scheduler asks every minute about every round past its grace: only a round with someone to fine writes,
        // and the chama's payments wait behind that write.
        if ((await database.ReadAsync((_, transaction) => DueAsync(transaction, rules, round, now), cancellationToken)).Count == 0)
        {
            return [];
        }

        var rule = LateFines.Rule(rules);
        return await database.WriteAsync<IReadOnlyList<Fine>>(
            async (connection, transaction) =>
            {
                // Read again inside the write, once no other write of the chama runs, so a payment or fine recorded before this pass is seen.
                await WriteScope.EnterChamaAsync(transaction, chama.Id);
                var charged = new List<Fine>();
                foreach (var (memberId, due) in await DueAsync(transaction, rules, round, now))
                {
                    var id = await connection.QuerySingleOrDefaultAsync<long?>(
                        """
                        INSERT INTO fines (chama_id, round_id, member_id, day, amount_minor, currency, rule, charged_at)
                        VALUES (@ChamaId, @RoundId, @memberId, @Day, @Minor, @Currency, @rule, @At)
                        ON CONFLICT (round_id, member_id, day) DO NOTHING RETURNING id;
                        """,
                        new { ChamaId = chama.Id, RoundId = round.Id, memberId, due.Day, due.Amount.Minor, due.Amount.Currency, rule, At = now.ToUnixTimeMilliseconds() },
                        transaction);
                    if (id is { } fineId)
                    {
                        await Audit.RecordAsync(
                            transaction, chama.Id, Actor.System("fines"), "fine.charged", $"fine:{fineId} round:{round.Id} member:{memberId} day:{due.Day} amount:{due.Amount.Minor}", now);
                        charged.Add(new Fine(fineId, chama.Id, round.Id, memberId, due.Amount, rule, now, FineStatus.Owed, due.Day));
                    }
                }

                return charged;
            },
            cancellationToken);
    }

    /// <summary>The fines owed now and not yet charged, per active member of the round not fully paid.</summary>
    private static async Task<IReadOnlyList<(long MemberId, DayFine Fine)>> DueAsync(DbTransaction transaction, Constitution rules, Round round, DateTimeOffset now)
    {
        var summary = await ContributionLedger.SummariseAsync(transaction, round.Id);
        var charged = (await transaction.Connection!.QueryAsync<(long MemberId, long Day, long AmountMinor, string Currency)>(
                "SELECT member_id, day, amount_minor, currency FROM fines WHERE round_id = @Id;", new { round.Id }, transaction))
            .ToLookup(f => f.MemberId, f => new DayFine((int)f.Day, new Money(f.AmountMinor, f.Currency)));
        return summary.Members
            .Where(m => m.Member.Active && m.Status != PaymentStatus.Paid)
            .SelectMany(m => LateFines.Due(rules, round.DueDate, now, charged[m.Member.Id].ToList()).Select(fine => (m.Member.Id, fine)))
            .ToList();
    }

    /// <summary>Every fine charged in a cycle's rounds, with whether it is owed, waived or paid, oldest first.</summary>
    public Task<IReadOnlyList<Fine>> GetForCycleAsync(long cycleId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<Fine>>(
            async (connection, transaction) => (await connection.QueryAsync<FineRow>(
                    $"{FineRow.Select} WHERE f.round_id IN (SELECT id FROM rounds WHERE cycle_id = @cycleId) ORDER BY f.id;", new { cycleId }, transaction))
                .Select(r => r.ToFine()).ToList(),
            cancellationToken);

    /// <summary>The outbox key of the message telling a member of their fine: one message per fine.</summary>
    public static string NoticeKey(long fineId) => $"fine:{fineId}";

    /// <summary>Fines of a cycle still owed whose notice is not yet in the outbox (charged during quiet hours, say).</summary>
    public Task<IReadOnlyList<Fine>> GetUnannouncedAsync(long cycleId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<Fine>>(
            async (connection, transaction) => (await connection.QueryAsync<FineRow>(
                    $"""
                    {FineRow.Select}
                    WHERE f.round_id IN (SELECT id FROM rounds WHERE cycle_id = @cycleId) AND w.id IS NULL AND p.id IS NULL
                      AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE o.idempotency_key = 'fine:' || f.id)
                    ORDER BY f.id;
                    """,
                    new { cycleId },
                    transaction))
                .Select(r => r.ToFine()).ToList(),
            cancellationToken);

    public Task<Fine?> FindAsync(long fineId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, fineId), cancellationToken);

    /// <summary>
    /// An officer waives a fine of their own chama, with a reason; audited. Never their own fine, and only a fine
    /// still owed: a waived or paid fine is refused. The <paramref name="notices"/> are queued in the same transaction.
    /// </summary>
    public Task<WaivedFine> WaiveAsync(
        Member officer, long fineId, string reason, string channel, Func<WaivedFine, IEnumerable<OutboundMessage>>? notices = null, CancellationToken cancellationToken = default)
    {
        var validReason = ValidateReason(reason);
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (!officer.IsOfficer)
                {
                    throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can waive a fine.");
                }

                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);

                var fine = await FindAsync(transaction, fineId) is { } found && found.ChamaId == officer.ChamaId
                    ? found
                    : throw new ChamaException(ChamaError.UnknownFine, $"There is no fine {fineId} in this chama.");
                if (fine.MemberId == officer.Id)
                {
                    throw new ChamaException(ChamaError.OwnFine, "An officer cannot waive their own fine.");
                }

                if (!fine.IsOwed)
                {
                    throw new ChamaException(ChamaError.FineSettled, $"Fine {fineId} is already {fine.Status.ToString().ToLowerInvariant()}.");
                }

                await connection.ExecuteAsync(
                    """
                    INSERT INTO fine_waivers (fine_id, officer_member_id, reason, channel, at)
                    VALUES (@fineId, @OfficerId, @validReason, @channel, @At);
                    """,
                    new { fineId, OfficerId = officer.Id, validReason, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "fine.waived", $"fine:{fineId} member:{fine.MemberId} reason:{validReason}", now);
                var member = (await connection.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @MemberId;", new { fine.MemberId }, transaction)).ToMember();
                var waived = new WaivedFine(fine with { Status = FineStatus.Waived }, member);
                await Outbox.Outbox.EnqueueAllAsync(transaction, notices?.Invoke(waived), now);
                return waived;
            },
            cancellationToken);
    }

    /// <summary>
    /// Records the payment of a fine in full against its M-Pesa receipt, as the treasurer would: the money is a
    /// welfare contribution by the fined member (so it raises the welfare fund), linked to the fine it settles.
    /// The same receipt for the same fine again is answered as already recorded.
    /// </summary>
    public Task<RecordedFinePayment> PayFineAsync(long fineId, string receiptText, Actor actor, CancellationToken cancellationToken = default)
    {
        var receipt = Receipt.Parse(receiptText);
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await OwningChama.EnterFineAsync(transaction, fineId);
                var fine = await FindAsync(transaction, fineId)
                    ?? throw new ChamaException(ChamaError.UnknownFine, $"There is no fine {fineId}.");
                if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is { } existing)
                {
                    var paidThisFine = await connection.ExecuteScalarAsync<long>(
                        "SELECT COUNT(*) FROM fine_payments WHERE fine_id = @fineId AND contribution_id = @Id;", new { fineId, existing.Id }, transaction) == 1;
                    return paidThisFine
                        ? new RecordedFinePayment(fine, existing, AlreadyRecorded: true)
                        : throw new ChamaException(ChamaError.ReceiptConflict, $"Receipt {receipt} is already recorded for another payment.");
                }

                if (!fine.IsOwed)
                {
                    throw new ChamaException(ChamaError.FineSettled, $"Fine {fineId} is already {fine.Status.ToString().ToLowerInvariant()}.");
                }

                var contribution = await ContributionRow.InsertAsync(transaction, fine.ChamaId, null, fine.MemberId, Fund.Welfare, fine.Amount, receipt, now);
                await connection.ExecuteAsync(
                    "INSERT INTO fine_payments (fine_id, contribution_id, paid_at) VALUES (@fineId, @Id, @At);",
                    new { fineId, contribution.Id, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, fine.ChamaId, actor, "fine.paid", $"fine:{fineId} receipt:{receipt} member:{fine.MemberId} amount:{fine.Amount.Minor}", now);
                return new RecordedFinePayment(fine with { Status = FineStatus.Paid }, contribution, AlreadyRecorded: false);
            },
            cancellationToken);
    }

    /// <summary>The fines a member owes (neither waived nor paid), oldest first.</summary>
    public Task<IReadOnlyList<Fine>> GetOwedAsync(long memberId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => GetOwedAsync(transaction, memberId), cancellationToken);

    /// <summary>The total a member owes in fines: what the pay flow offers to push.</summary>
    public static Money Total(IEnumerable<Fine> fines, string currency) =>
        fines.Aggregate(Money.Zero(currency), (sum, fine) => sum + fine.Amount);

    /// <summary>
    /// Records an M-Pesa payment of a member's fines, inside the settlement's transaction: one welfare contribution
    /// under the receipt (unique, so a receipt is counted once), paying the fines owed oldest first, each only in full.
    /// What the fines owed now do not take stays in the welfare fund as the member's welfare contribution.
    /// </summary>
    internal static async Task<SettledFines> RecordPaymentAsync(
        DbTransaction transaction, long chamaId, long memberId, Money amount, Receipt receipt, Actor actor, DateTimeOffset now, long paymentRequestId)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is not null)
        {
            throw new ChamaException(ChamaError.ReceiptConflict, $"Receipt {receipt} is already recorded for another payment.");
        }

        var contribution = await ContributionRow.InsertAsync(transaction, chamaId, null, memberId, Fund.Welfare, amount, receipt, now, paymentRequestId);
        var owed = await GetOwedAsync(transaction, memberId);
        var left = amount;
        var paid = new List<Fine>();
        foreach (var fine in owed)
        {
            if (fine.Amount > left)
            {
                break;
            }

            await transaction.Connection!.ExecuteAsync(
                "INSERT INTO fine_payments (fine_id, contribution_id, paid_at) VALUES (@Id, @ContributionId, @At);",
                new { fine.Id, ContributionId = contribution.Id, At = now.ToUnixTimeMilliseconds() },
                transaction);
            await Audit.RecordAsync(transaction, chamaId, actor, "fine.paid", $"fine:{fine.Id} receipt:{receipt} member:{memberId} amount:{fine.Amount.Minor}", now);
            paid.Add(fine with { Status = FineStatus.Paid });
            left -= fine.Amount;
        }

        return new SettledFines(paid, left, Total(owed.Skip(paid.Count), amount.Currency));
    }

    private static async Task<IReadOnlyList<Fine>> GetOwedAsync(DbTransaction transaction, long memberId) =>
        (await transaction.Connection!.QueryAsync<FineRow>(
            $"{FineRow.Select} WHERE f.member_id = @memberId AND w.id IS NULL AND p.id IS NULL ORDER BY f.id;", new { memberId }, transaction))
        .Select(r => r.ToFine()).ToList();

    public static string ValidateReason(string? reason)
    {
        var trimmed = (reason ?? "").Trim();
        return trimmed.Length is > 0 and <= MaxReasonLength
            ? trimmed
            : throw new ChamaException(ChamaError.InvalidChama, $"Give a short reason, up to {MaxReasonLength} characters.");
    }

    private static async Task<Fine?> FindAsync(DbTransaction transaction, long fineId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<FineRow>($"{FineRow.Select} WHERE f.id = @fineId;", new { fineId }, transaction))?.ToFine();

    private sealed class FineRow
    {
        public long Id { get; init; }
        public long ChamaId { get; init; }
        public long RoundId { get; init; }
        public long MemberId { get; init; }
        public long Day { get; init; }
        public long AmountMinor { get; init; }
        public string Currency { get; init; } = "";
        public string Rule { get; init; } = "";
        public long ChargedAt { get; init; }
        public string Status { get; init; } = "";

        public const string Select =
            """
            SELECT f.id, f.chama_id, f.round_id, f.member_id, f.day, f.amount_minor, f.currency, f.rule, f.charged_at,
                   CASE WHEN w.id IS NOT NULL THEN 'Waived' WHEN p.id IS NOT NULL THEN 'Paid' ELSE 'Owed' END AS status
            FROM fines f
            LEFT JOIN fine_waivers w ON w.fine_id = f.id
            LEFT JOIN fine_payments p ON p.fine_id = f.id
            """;

        public Fine ToFine() => new(
            Id, ChamaId, RoundId, MemberId, new Money(AmountMinor, Currency), Rule, DateTimeOffset.FromUnixTimeMilliseconds(ChargedAt), Enum.Parse<FineStatus>(Status), (int)Day);
    }
}
