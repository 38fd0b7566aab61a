using System.Data.Common;
using Chama.Core;
using Chama.Core.Invitations;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Cycles;

/// <summary>A cycle just started, with its rounds and the members in it, for the notices that tell them.</summary>
public sealed record CycleStarted(ChamaGroup Chama, Cycle Cycle, IReadOnlyList<Round> Rounds, IReadOnlyList<Member> Members);

/// <summary>Cycles and their rounds, generated from the rotation (seat order) and the meeting frequency.</summary>
public sealed class CycleStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// Starts the next cycle of a chama when it is ready (<see cref="CycleReadiness"/>, checked in the same transaction,
    /// so a member who leaves or an officer removed meanwhile cannot slip past it): the door every officer and the
    /// operator start cycles through. Throws <see cref="ChamaError.CycleNotReady"/> with the readiness as its facts.
    /// </summary>
    /// <param name="notices">The messages telling the members their rounds, queued in the same transaction.</param>
    public Task<Cycle> StartReadyCycleAsync(
        long chamaId,
        DateOnly startsOn,
        Actor actor,
        Func<CycleStarted, IEnumerable<OutboundMessage>>? notices = null,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, chamaId);
                var chama = await ChamaAsync(connection, transaction, chamaId);
                var members = await MembersAsync(connection, transaction, chamaId);
                CycleReadiness.Check(chama, members, await OpenSeatsAsync(connection, transaction, chamaId), startsOn, NairobiTime.Today(clock)).Ensure();
                var cycle = await StartAsync(connection, transaction, chama, members, startsOn, actor, now);
                var started = new CycleStarted(chama, cycle, await GetRoundsAsync(connection, transaction, cycle.Id), [.. members.Where(m => m.Active)]);
                foreach (var message in notices?.Invoke(started) ?? [])
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                }

                return cycle;
            },
            cancellationToken);
    }

    /// <summary>What <see cref="StartReadyCycleAsync"/> would find missing today, for a page that shows it before the button.</summary>
    public Task<CycleReadiness> ReadinessAsync(long chamaId, DateOnly startsOn, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) =>
            {
                var chama = await ChamaAsync(connection, transaction, chamaId);
                var members = await MembersAsync(connection, transaction, chamaId);
                return CycleReadiness.Check(chama, members, await OpenSeatsAsync(connection, transaction, chamaId), startsOn, NairobiTime.Today(clock));
            },
            cancellationToken);

    /// <summary>
    /// Starts the next cycle of a chama with the constitution's contribution, one round per active member, without the
    /// readiness check: for seeding a chama set up by the operator (the demo, benchmarks, tests).
    /// </summary>
    public Task<Cycle> StartCycleAsync(long chamaId, DateOnly startsOn, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, chamaId);
                return await StartAsync(
                    connection, transaction, await ChamaAsync(connection, transaction, chamaId), await MembersAsync(connection, transaction, chamaId), startsOn, actor, now);
            },
            cancellationToken);
    }

    private static async Task<Cycle> StartAsync(DbConnection connection, DbTransaction transaction, ChamaGroup chama, IReadOnlyList<Member> members, DateOnly startsOn, Actor actor, DateTimeOffset now)
    {
        var chamaId = chama.Id;
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        if (await FindActiveAsync(connection, transaction, chamaId) is { } running)
        {
            throw new ChamaException(ChamaError.ActiveCycleExists, $"Cycle {running.Number} is still running: close it before starting another.");
        }

        var contribution = chama.Constitution.ContributionAmount;
        var plan = Rotation.Plan(members, contribution, startsOn, chama.Constitution.Frequency);
        var number = 1 + await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(number), 0) FROM cycles WHERE chama_id = @chamaId;", new { chamaId }, transaction);

        var cycleId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO cycles (chama_id, number, contribution_minor, currency, status, starts_on, started_at)
            VALUES (@chamaId, @number, @Minor, @Currency, 'Active', @StartsOn, @StartedAt) RETURNING id;
            """,
            new { chamaId, number, contribution.Minor, contribution.Currency, StartsOn = DateFormat.Iso(startsOn), StartedAt = now.ToUnixTimeMilliseconds() },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO rounds (cycle_id, number, recipient_member_id, due_date, expected_pot_minor)
            VALUES (@CycleId, @Number, @RecipientId, @DueDate, @Pot);
            """,
            plan.Select(r => new { CycleId = cycleId, r.Number, RecipientId = r.Recipient.Id, DueDate = DateFormat.Iso(r.DueDate), Pot = r.ExpectedPot.Minor }),
            transaction);
        await Audit.RecordAsync(transaction, chamaId, actor, "cycle.started", $"cycle:{cycleId} rounds:{plan.Count}", now);
        return new Cycle(cycleId, chamaId, (int)number, contribution, CycleStatus.Active, startsOn);
    }

    private static async Task<ChamaGroup> ChamaAsync(DbConnection connection, DbTransaction transaction, long chamaId) =>
        (await connection.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama()
        ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");

    private static async Task<IReadOnlyList<Member>> MembersAsync(DbConnection connection, DbTransaction transaction, long chamaId) =>
        [.. (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId;", new { chamaId }, transaction)).Select(r => r.ToMember())];

    /// <summary>Seats offered to invitees who have not answered yet (an invitation past its lifetime has lapsed, marked or not).</summary>
    private async Task<IReadOnlyList<int>> OpenSeatsAsync(DbConnection connection, DbTransaction transaction, long chamaId) =>
        [.. await connection.QueryAsync<int>(
            "SELECT seat FROM invitations WHERE chama_id = @chamaId AND status = 'Pending' AND created_at > @since;",
            new { chamaId, since = (clock.GetUtcNow() - Invitation.Lifetime).ToUnixTimeMilliseconds() },
            transaction)];

    public Task CloseCycleAsync(long cycleId, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // Only the cycle's id is known: its chama is entered before the cycle is read and checked.
                var owner = await connection.ExecuteScalarAsync<long?>("SELECT chama_id FROM cycles WHERE id = @cycleId;", new { cycleId }, transaction)
                    ?? throw new ChamaException(ChamaError.UnknownCycle, $"There is no cycle {cycleId}.");
                await WriteScope.EnterChamaAsync(transaction, owner);
                var cycle = (await FindAsync(connection, transaction, cycleId))!;
                cycle.EnsureAcceptsMoney();
                await connection.ExecuteAsync("UPDATE cycles SET status = 'Closed' WHERE id = @cycleId;", new { cycleId }, transaction);
                await Audit.RecordAsync(transaction, cycle.ChamaId, actor, "cycle.closed", $"cycle:{cycleId}", now);
                return true;
            },
            cancellationToken);
    }

    public Task<Cycle?> FindActiveCycleAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, transaction) => FindActiveAsync(connection, transaction, chamaId), cancellationToken);

    public Task<IReadOnlyList<Round>> GetRoundsAsync(long cycleId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, transaction) => GetRoundsAsync(connection, transaction, cycleId), cancellationToken);

    /// <summary>
    /// The round members are paying into now: the first round of the running cycle whose due date is today or later,
    /// or the last round once every due date has passed. Null when no cycle is running.
    /// </summary>
    public Task<Round?> FindCurrentRoundAsync(long chamaId, DateOnly today, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, transaction) => FindCurrentRoundAsync(connection, transaction, chamaId, today), cancellationToken);

    internal static async Task<Round?> FindCurrentRoundAsync(DbConnection connection, DbTransaction transaction, long chamaId, DateOnly today)
    {
        if (await FindActiveAsync(connection, transaction, chamaId) is not { } cycle)
        {
            return null;
        }

        var rounds = await GetRoundsAsync(connection, transaction, cycle.Id);
        return rounds.FirstOrDefault(r => r.DueDate >= today) ?? rounds.LastOrDefault();
    }

    /// <summary>
    /// The round <paramref name="memberId"/> pays into now: the current round, or, for a member who joined the running
    /// cycle from a later round (their first round can follow a round due today or paid out early), that first round.
    /// </summary>
    public Task<Round?> FindRoundToPayAsync(long chamaId, long memberId, DateOnly today, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, transaction) => FindRoundToPayAsync(connection, transaction, chamaId, memberId, today), cancellationToken);

    internal static async Task<Round?> FindRoundToPayAsync(DbConnection connection, DbTransaction transaction, long chamaId, long memberId, DateOnly today)
    {
        if (await FindCurrentRoundAsync(connection, transaction, chamaId, today) is not { } current)
        {
            return null;
        }

        var first = await connection.QuerySingleOrDefaultAsync<RoundRow>(
            $"{RoundRow.Select} WHERE r.cycle_id = @CycleId AND r.number = (SELECT from_round FROM cycle_joins WHERE cycle_id = @CycleId AND member_id = @memberId);",
            new { current.CycleId, memberId },
            transaction);
        return first is not null && first.Number > current.Number ? first.ToRound() : current;
    }

    internal static async Task<Cycle?> FindAsync(DbConnection connection, DbTransaction transaction, long cycleId) =>
        (await connection.QuerySingleOrDefaultAsync<CycleRow>($"{CycleRow.Select} WHERE id = @cycleId;", new { cycleId }, transaction))?.ToCycle();

    internal static async Task<IReadOnlyList<Round>> GetRoundsAsync(DbConnection connection, DbTransaction transaction, long cycleId) =>
        (await connection.QueryAsync<RoundRow>($"{RoundRow.Select} WHERE r.cycle_id = @cycleId ORDER BY r.number;", new { cycleId }, transaction))
            .Select(r => r.ToRound()).ToList();

    /// <summary>
    /// The rounds of a cycle whose pot is paid out, or being paid: officers' approval has made a disbursement of it that
    /// did not fail, or has divided it to pay an exit refund (Rule 8).
    /// </summary>
    internal static async Task<IReadOnlySet<long>> PaidOutRoundsAsync(DbTransaction transaction, long cycleId) =>
        (await transaction.Connection!.QueryAsync<long>(
            """
            SELECT d.subject_id FROM disbursements d
            WHERE d.kind = 'Pot' AND d.subject_id IN (SELECT id FROM rounds WHERE cycle_id = @cycleId)
              AND NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id AND e.status = 'Failed')
            UNION
            SELECT round_id FROM exit_settlements WHERE round_id IN (SELECT id FROM rounds WHERE cycle_id = @cycleId);
            """,
            new { cycleId },
            transaction))
        .ToHashSet();

    /// <summary>
    /// The rounds a joiner can no longer join from: paid out or divided, or with officers' decisions recorded on their
    /// pot (approvals given for one pot must not count for a bigger one).
    /// </summary>
    internal static async Task<IReadOnlySet<long>> ClosedToJoinersAsync(DbTransaction transaction, long cycleId)
    {
        var decided = await transaction.Connection!.QueryAsync<long>(
            "SELECT DISTINCT subject_id FROM decision_votes WHERE subject_kind = 'Pot' AND subject_id IN (SELECT id FROM rounds WHERE cycle_id = @cycleId);",
            new { cycleId },
            transaction);
        return (await PaidOutRoundsAsync(transaction, cycleId)).Union(decided).ToHashSet();
    }

    internal static async Task<Cycle?> FindActiveAsync(DbConnection connection, DbTransaction transaction, long chamaId) =>
        (await connection.QuerySingleOrDefaultAsync<CycleRow>($"{CycleRow.Select} WHERE chama_id = @chamaId AND status = 'Active';", new { chamaId }, transaction))?.ToCycle();
}
