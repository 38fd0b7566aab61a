using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Dapper;

namespace Chama.Data.Ledger;

/// <summary>
/// Records pot contributions against their receipts, idempotently, and carries over-payment to the member's next round
/// as explicit credit entries. Answers round summaries.
/// </summary>
public sealed class ContributionLedger(IDatabase database, TimeProvider clock)
{
    public Task<RecordedContribution> RecordAsync(ContributionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync((_, transaction) => RecordAsync(transaction, request, actor, now), cancellationToken);
    }

    /// <summary>
    /// Records inside the caller's transaction. A contribution that settles a payment request names it: the database
    /// then refuses a second contribution for the same request, whatever receipt it carries.
    /// </summary>
    internal static async Task<RecordedContribution> RecordAsync(
        DbTransaction transaction, ContributionRequest request, Actor actor, DateTimeOffset now, long? paymentRequestId = null, RoundContext? known = null)
    {
        var receipt = Receipt.Parse(request.Receipt);
        if (!request.Amount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"{request.Amount} is not a payment: amounts must be more than zero.");
        }

        // The round's chama first, so two writers of the same receipt check it one after the other.
        if (known is { } loaded && loaded.Round.Id == request.RoundId)
        {
            await WriteScope.EnterChamaAsync(transaction, loaded.Cycle.ChamaId);
        }
        else
        {
            await OwningChama.EnterRoundAsync(transaction, request.RoundId);
        }

        // Idempotency first: a replay answers the same even after the round or cycle has moved on.
        if (await ContributionRow.FindByReceiptAsync(transaction, receipt) is { } existing)
        {
            return request.Matches(existing)
                ? new RecordedContribution(existing, AlreadyRecorded: true)
                : throw new ChamaException(
                    ChamaError.ReceiptConflict,
                    $"Receipt {receipt} is already recorded as {existing.Amount} from another payment; this one ({request.Amount}) was refused.");
        }

        var current = known is { } context && context.Round.Id == request.RoundId
            ? await context.WithCurrentStatusAsync(transaction)
            : await RoundContext.LoadAsync(transaction, request.RoundId);
        var (round, cycle, rotation) = current;
        cycle.EnsureAcceptsMoney();
        RoundLedger.EnsurePayable(request.Amount, cycle.Contribution.Currency);
        var member = rotation.FirstOrDefault(m => m.Id == request.MemberId)
            ?? throw new ChamaException(ChamaError.UnknownMember, $"Member {request.MemberId} is not in cycle {cycle.Number} of this chama.");
        if (!member.Active)
        {
            throw new ChamaException(ChamaError.MemberInactive, $"{member.Name} is no longer an active member.");
        }

        var contribution = await ContributionRow.InsertAsync(transaction, cycle.ChamaId, round.Id, member.Id, Fund.Pot, request.Amount, receipt, now, paymentRequestId);
        await CarryExcessAsync(transaction, contribution, round, cycle, current.Joins, now);
        await Audit.RecordAsync(transaction, cycle.ChamaId, actor, "contribution.recorded", $"receipt:{receipt} round:{round.Id} member:{member.Id} amount:{request.Amount.Minor}", now);
        return new RecordedContribution(contribution, AlreadyRecorded: false);
    }

    public Task<RoundSummary> GetRoundSummaryAsync(long roundId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (_, transaction) => await SummariseAsync(transaction, roundId), cancellationToken);

    /// <summary>Credit a member has carried out of rounds but not yet had applied to a later one.</summary>
    public Task<Money> GetUnappliedCreditAsync(long memberId, string currency, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) => new Money(
                await connection.ExecuteScalarAsync<long>(
                    """
                    SELECT COALESCE(CAST(SUM(CASE kind WHEN 'CreditCarriedOut' THEN amount_minor ELSE -amount_minor END) AS BIGINT), 0)
                           - (SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM reversal_entries WHERE member_id = @memberId AND kind = 'Credit')
                    FROM credit_entries WHERE member_id = @memberId;
                    """,
                    new { memberId },
                    transaction),
                currency),
            cancellationToken);

    /// <summary>Every round of a cycle, summarised, in round order (a handful of queries, whatever the cycle's length).</summary>
    public Task<IReadOnlyList<RoundSummary>> GetCycleSummariesAsync(long cycleId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => SummariseCycleAsync(transaction, cycleId), cancellationToken);

    internal static async Task<RoundSummary> SummariseAsync(DbTransaction transaction, long roundId) =>
        await SummariseAsync(transaction, await RoundContext.LoadAsync(transaction, roundId));

    /// <summary>Summarises a round whose context is already loaded: one query, for the money.</summary>
    internal static async Task<RoundSummary> SummariseAsync(DbTransaction transaction, RoundContext context)
    {
        var (round, cycle, rotation) = context;
        var roundId = round.Id;
        var entries = (await transaction.Connection!.QueryAsync<PotMovementRow>(
                // Totals per member and kind: a summary only adds amounts up, and a busy round can hold many payments.
                "SELECT member_id, kind, CAST(SUM(amount_minor) AS BIGINT) AS amount_minor FROM pot_movements WHERE round_id = @roundId GROUP BY member_id, kind;",
                new { roundId },
                transaction))
            .Select(r => r.ToEntry(cycle.Contribution.Currency));
        return RoundLedger.Summarise(round, rotation, cycle.Contribution, entries, context.LeftFrom, context.Joins);
    }

    internal static async Task<IReadOnlyList<RoundSummary>> SummariseCycleAsync(DbTransaction transaction, long cycleId)
    {
        var cycle = await CycleStore.FindAsync(transaction.Connection!, transaction, cycleId)
            ?? throw new ChamaException(ChamaError.UnknownCycle, $"There is no cycle {cycleId}.");
        var rounds = await CycleStore.GetRoundsAsync(transaction.Connection!, transaction, cycleId);
        var rotation = await RotationAsync(transaction, cycleId);
        var leftFrom = await LeftFromAsync(transaction, cycleId);
        var joins = await JoinsAsync(transaction, cycleId);
        var entries = (await transaction.Connection!.QueryAsync<PotMovementWithRoundRow>(
                """
                SELECT round_id, member_id, kind, CAST(SUM(amount_minor) AS BIGINT) AS amount_minor FROM pot_movements
                WHERE round_id IN (SELECT id FROM rounds WHERE cycle_id = @cycleId) GROUP BY round_id, member_id, kind;
                """,
                new { cycleId },
                transaction))
            .ToLookup(r => r.RoundId, r => r.ToEntry(cycle.Contribution.Currency));
        return rounds.Select(round => RoundLedger.Summarise(round, rotation, cycle.Contribution, entries[round.Id], leftFrom, joins)).ToList();
    }

    internal static async Task<Round?> FindRoundAsync(DbTransaction transaction, long roundId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<RoundRow>($"{RoundRow.Select} WHERE r.id = @roundId;", new { roundId }, transaction))?.ToRound();

    /// <summary>Members who left during a cycle, each with the first round no longer expected of them.</summary>
    internal static async Task<IReadOnlyDictionary<long, int>> LeftFromAsync(DbTransaction transaction, long cycleId) =>
        (await transaction.Connection!.QueryAsync<(long MemberId, long FromRound)>(
            "SELECT member_id, from_round FROM member_exits WHERE cycle_id = @cycleId;", new { cycleId }, transaction))
            .ToDictionary(e => e.MemberId, e => (int)e.FromRound);

    /// <summary>Members who joined the cycle while it ran, each with their first round and their own (appended) round.</summary>
    internal static async Task<IReadOnlyDictionary<long, CycleJoin>> JoinsAsync(DbTransaction transaction, long cycleId) =>
        (await transaction.Connection!.QueryAsync<(long MemberId, long FromRound, long OwnRound)>(
            "SELECT member_id, from_round, own_round FROM cycle_joins WHERE cycle_id = @cycleId;", new { cycleId }, transaction))
            .ToDictionary(j => j.MemberId, j => new CycleJoin(j.MemberId, (int)j.FromRound, (int)j.OwnRound));

    /// <summary>A cycle's rotation is the members it has rounds for, in seat order.</summary>
    internal static async Task<IReadOnlyList<Member>> RotationAsync(DbTransaction transaction, long cycleId) =>
        (await transaction.Connection!.QueryAsync<MemberRow>(
            $"{MemberRow.Select} WHERE id IN (SELECT recipient_member_id FROM rounds WHERE cycle_id = @cycleId) ORDER BY seat;", new { cycleId }, transaction))
            .Select(r => r.ToMember()).ToList();

    /// <summary>
    /// Moves what the member has paid beyond the round's due into their next round, round after round while it
    /// overflows. After the cycle's last round the credit stays carried out, waiting for a later cycle. A member who joined
    /// the running cycle owes nothing before their first round, so what they pay into an earlier round moves on to it.
    /// </summary>
    private static async Task CarryExcessAsync(
        DbTransaction transaction, Contribution contribution, Round round, Cycle cycle, IReadOnlyDictionary<long, CycleJoin> joins, DateTimeOffset now)
    {
        IReadOnlyList<Round>? rounds = null;
        var current = round;
        while (true)
        {
            var entries = (await transaction.Connection!.QueryAsync<PotMovementRow>(
                    "SELECT member_id, kind, CAST(SUM(amount_minor) AS BIGINT) AS amount_minor FROM pot_movements WHERE round_id = @Id AND member_id = @MemberId GROUP BY member_id, kind;",
                    new { current.Id, contribution.MemberId },
                    transaction))
                .Select(r => r.ToEntry(cycle.Contribution.Currency));
            var due = RoundLedger.DueFrom(contribution.MemberId, current.Number, cycle.Contribution, joins);
            var excess = RoundLedger.Excess(due, RoundLedger.PaidBy(contribution.MemberId, cycle.Contribution, entries));
            if (!excess.IsPositive)
            {
                return;
            }

            await InsertCreditAsync(transaction, contribution, current.Id, PotEntryKind.CreditCarriedOut, excess, now);
            rounds ??= await CycleStore.GetRoundsAsync(transaction.Connection!, transaction, cycle.Id);
            var next = rounds.FirstOrDefault(r => r.Number == current.Number + 1);
            if (next is null)
            {
                return;
            }

            await InsertCreditAsync(transaction, contribution, next.Id, PotEntryKind.CreditApplied, excess, now);
            current = next;
        }
    }

    private static Task InsertCreditAsync(DbTransaction transaction, Contribution contribution, long roundId, PotEntryKind kind, Money amount, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO credit_entries (member_id, round_id, kind, amount_minor, contribution_id, created_at)
            VALUES (@MemberId, @roundId, @Kind, @Minor, @ContributionId, @At);
            """,
            new { contribution.MemberId, roundId, Kind = kind.ToString(), amount.Minor, ContributionId = contribution.Id, At = now.ToUnixTimeMilliseconds() },
            transaction);
}
