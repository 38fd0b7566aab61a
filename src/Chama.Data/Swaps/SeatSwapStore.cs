using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Decisions;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Swaps;

/// <summary>
/// What a swap request or answer came to, with the two members and their rounds as they stood when it was asked
/// (after an accepted swap the requester receives <see cref="CounterpartRound"/> and the counterpart
/// <see cref="RequesterRound"/>), and the chama's active officers, to be told.
/// </summary>
public sealed record SwapResult(SwapOutcome Outcome, SeatSwap? Swap = null, Member? Requester = null, Member? Counterpart = null, Round? RequesterRound = null, Round? CounterpartRound = null)
{
    public IReadOnlyList<Member> Officers { get; init; } = [];

    /// <summary>For a swap held for the officers: the member of it with arrears.</summary>
    public Member? InArrears { get; init; }

    /// <summary>For a swap held for the officers: the distinct officers' approvals so far, and the quorum in force.</summary>
    public (int Approvals, int Required) Quorum { get; init; }

    public bool Changed => Outcome is SwapOutcome.Requested or SwapOutcome.Accepted or SwapOutcome.Declined
        or SwapOutcome.HeldForOfficers or SwapOutcome.ApprovalRecorded or SwapOutcome.Rejected;
}

/// <summary>
/// Seat swaps by consent: a member asks to exchange turns with the member on another seat, who accepts or declines.
/// Only rounds of the running cycle from the current round on, never a round with a payout made, being made or being
/// approved. A swap with a member who owes on a round already due is held, once consented to, for the officers: the
/// constitution's quorum of officers (never a party to it) approves it, or one rejects it. Checks and the exchange run
/// in one write, so a payout approved at the same time comes strictly before (the swap is refused) or after (it pays the
/// new recipient).
/// </summary>
public sealed partial class SeatSwapStore(IDatabase database, TimeProvider clock)
{
    private const string Select =
        """
        SELECT s.id, s.chama_id, s.cycle_id, s.requester_member_id, s.counterpart_member_id, s.requester_round_id, s.counterpart_round_id,
               s.requested_at, s.expires_at, COALESCE(a.state, CASE WHEN l.id IS NOT NULL THEN 'Lapsed' WHEN h.id IS NULL THEN 'Requested' ELSE 'Held' END) AS state,
               COALESCE(a.decided_at, l.lapsed_at) AS decided_at
        FROM seat_swaps s LEFT JOIN seat_swap_answers a ON a.swap_id = s.id LEFT JOIN seat_swap_holds h ON h.swap_id = s.id
        LEFT JOIN seat_swap_lapses l ON l.swap_id = s.id
        """;

    /// <summary>
    /// <paramref name="requester"/> asks the member on <paramref name="seat"/> to exchange turns. The <paramref name="notices"/>
    /// of a request made are queued in the same write.
    /// </summary>
    public Task<SwapResult> RequestAsync(
        Member requester, int seat, string channel, Func<SwapResult, IEnumerable<OutboundMessage>>? notices = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return WriteTellingAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, requester.ChamaId);
                var me = await MemberAsync(transaction, requester.Id);
                if (me is not { Active: true })
                {
                    return new SwapResult(SwapOutcome.NoRound);
                }

                var other = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                    $"{MemberRow.Select} WHERE chama_id = @ChamaId AND seat = @seat AND active = 1;", new { me.ChamaId, seat }, transaction))?.ToMember();
                if (other is null)
                {
                    return new SwapResult(SwapOutcome.UnknownSeat, Requester: me);
                }

                if (other.Id == me.Id)
                {
                    return new SwapResult(SwapOutcome.OwnSeat, Requester: me);
                }

                // Arrears do not stop the asking: the swap goes to the officers once the other member consents.
                var (outcome, mine, theirs) = await CheckAsync(transaction, me, other, today);
                if (outcome is not null && !NeedsOfficers(outcome))
                {
                    return new SwapResult(outcome.Value, Requester: me, Counterpart: other, RequesterRound: mine, CounterpartRound: theirs);
                }

                // Asking again while the same swap waits is the same request.
                var open = (await QueryAsync(
                        transaction,
                        "WHERE s.requester_member_id = @Requester AND s.counterpart_member_id = @Counterpart AND s.requester_round_id = @Mine AND s.counterpart_round_id = @Theirs AND a.id IS NULL AND h.id IS NULL AND s.expires_at >= @At ORDER BY s.id DESC",
                        new { Requester = me.Id, Counterpart = other.Id, Mine = mine!.Id, Theirs = theirs!.Id, At = now.ToUnixTimeMilliseconds() }))
                    .FirstOrDefault();
                if (open is null)
                {
                    var expires = now + SeatSwap.AnswerWithin;
                    var id = await connection.ExecuteScalarAsync<long>(
                        """
                        INSERT INTO seat_swaps (chama_id, cycle_id, requester_member_id, counterpart_member_id, requester_round_id, counterpart_round_id, channel, requested_at, expires_at)
                        VALUES (@ChamaId, @CycleId, @Requester, @Counterpart, @Mine, @Theirs, @channel, @At, @Expires) RETURNING id;
                        """,
                        new
                        {
                            me.ChamaId, mine.CycleId, Requester = me.Id, Counterpart = other.Id, Mine = mine.Id, Theirs = theirs.Id, channel,
                            At = now.ToUnixTimeMilliseconds(), Expires = expires.ToUnixTimeMilliseconds(),
                        },
                        transaction);
                    await Audit.RecordAsync(
                        transaction, me.ChamaId, Actor.Member(me.Id, channel), "swap.requested", $"swap:{id} member:{me.Id} round:{mine.Number} with member:{other.Id} round:{theirs.Number}", now);
                    open = new SeatSwap(id, me.ChamaId, mine.CycleId, me.Id, other.Id, mine.Id, theirs.Id, now, expires, SwapState.Requested, null);
                }

                return new SwapResult(SwapOutcome.Requested, open, me, other, mine, theirs);
            },
            notices,
            now,
            cancellationToken);
    }

    /// <summary>
    /// <paramref name="counterpart"/> answers swap <paramref name="swapId"/> (or, without one, the latest swap waiting for
    /// them). Only the member asked can answer, once, in time. Accepting checks every rule again and exchanges the two
    /// rounds' recipients in the same write, in which the <paramref name="notices"/> of an answer recorded are queued too.
    /// </summary>
    public Task<SwapResult> AnswerAsync(
        Member counterpart, long? swapId, bool accept, string channel, Func<SwapResult, IEnumerable<OutboundMessage>>? notices = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return WriteTellingAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, counterpart.ChamaId);
                var swap = (await QueryAsync(
                        transaction,
                        "WHERE s.counterpart_member_id = @Id AND a.id IS NULL AND h.id IS NULL AND (@swapId IS NULL OR s.id = @swapId) ORDER BY s.id DESC",
                        new { counterpart.Id, swapId }))
                    .FirstOrDefault();
                if (swap is null)
                {
                    return new SwapResult(SwapOutcome.NothingToAnswer);
                }

                var requester = (await MemberAsync(transaction, swap.RequesterMemberId))!;
                var me = (await MemberAsync(transaction, swap.CounterpartMemberId))!;
                var rounds = await CycleStore.GetRoundsAsync(connection, transaction, swap.CycleId);
                var asked = new SwapResult(
                    SwapOutcome.NothingToAnswer, swap, requester, me, rounds.Single(r => r.Id == swap.RequesterRoundId), rounds.Single(r => r.Id == swap.CounterpartRoundId));
                if (!swap.IsOpenAt(now))
                {
                    await AnswerAsync(transaction, swap, SwapState.Expired, null, "system", now);
                    return asked with { Outcome = SwapOutcome.Expired, Swap = swap with { State = SwapState.Expired, DecidedAt = now } };
                }

                if (!accept)
                {
                    await AnswerAsync(transaction, swap, SwapState.Declined, me.Id, channel, now);
                    return asked with { Outcome = SwapOutcome.Declined, Swap = swap with { State = SwapState.Declined, DecidedAt = now } };
                }

                if (!requester.Active || !me.Active)
                {
                    return asked with { Outcome = SwapOutcome.UnknownSeat };
                }

                var (refused, mine, theirs) = await CheckAsync(transaction, requester, me, today);
                if (refused is not null && !NeedsOfficers(refused))
                {
                    return asked with { Outcome = refused.Value };
                }

                if (mine!.Id != swap.RequesterRoundId || theirs!.Id != swap.CounterpartRoundId)
                {
                    return asked with { Outcome = SwapOutcome.RoundsChanged };
                }

                // A hold the officers could never decide (its first round already falls due) is refused as lapsed.
                if (refused is not null && now >= HeldSwapLapse.At(mine, theirs))
                {
                    return asked with { Outcome = SwapOutcome.Lapsed };
                }

                if (refused is { } arrears)
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO seat_swap_holds (swap_id, member_id, channel, held_at) VALUES (@Id, @MemberId, @channel, @At);",
                        new { swap.Id, MemberId = me.Id, channel, At = now.ToUnixTimeMilliseconds() },
                        transaction);
                    await Audit.RecordAsync(transaction, swap.ChamaId, Actor.Member(me.Id, channel), "swap.held", $"swap:{swap.Id} arrears", now);
                    return asked with
                    {
                        Outcome = SwapOutcome.HeldForOfficers,
                        Swap = swap with { State = SwapState.Held },
                        Officers = await OfficersAsync(transaction, swap.ChamaId),
                        InArrears = arrears == SwapOutcome.Arrears ? requester : me,
                        Quorum = (0, await QuorumAsync(transaction, swap.ChamaId)),
                    };
                }

                await ExchangeAsync(transaction, swap, mine, theirs, Actor.Member(me.Id, channel), requester, me, now);
                return asked with
                {
                    Outcome = SwapOutcome.Accepted, Swap = swap with { State = SwapState.Accepted, DecidedAt = now }, Officers = await OfficersAsync(transaction, swap.ChamaId),
                };
            },
            notices,
            now,
            cancellationToken);
    }

    /// <summary>
    /// An officer approves or rejects swap <paramref name="swapId"/> held for the officers, once, never a swap they are a
    /// party to. The approval that reaches the constitution's quorum checks every rule but arrears again and exchanges the
    /// turns in the same write; one rejection closes the swap. A refused approval records nothing. From the moment the
    /// swap lapses (<see cref="HeldSwapLapse"/>, by this store's clock, whether or not the lapse is recorded yet) every
    /// decision is refused as <see cref="SwapOutcome.Lapsed"/>. The <paramref name="notices"/> of a decision recorded are
    /// queued in the same write.
    /// </summary>
    public Task<SwapResult> DecideAsync(
        Member officer,
        long swapId,
        Decision decision,
        string? reason,
        string channel,
        Func<SwapResult, IEnumerable<OutboundMessage>>? notices = null,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return WriteTellingAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (await MemberAsync(transaction, officer.Id) is not { IsOfficer: true, Active: true })
                {
                    return new SwapResult(SwapOutcome.NotAnOfficer);
                }

                var swap = (await QueryAsync(transaction, "WHERE s.id = @swapId AND s.chama_id = @ChamaId", new { swapId, officer.ChamaId })).FirstOrDefault();
                if (swap is not { State: SwapState.Held or SwapState.Lapsed })
                {
                    return new SwapResult(SwapOutcome.NotHeld, swap);
                }

                var requester = (await MemberAsync(transaction, swap.RequesterMemberId))!;
                var counterpart = (await MemberAsync(transaction, swap.CounterpartMemberId))!;
                var rounds = await CycleStore.GetRoundsAsync(connection, transaction, swap.CycleId);
                var required = await QuorumAsync(transaction, swap.ChamaId);
                var ballot = new Ballot(await DecisionVotes.ReadAsync(transaction, DecisionKind.Swap, swap.Id), required, requester.Id, counterpart.Id);
                var decided = new SwapResult(
                    SwapOutcome.NotHeld, swap, requester, counterpart, rounds.Single(r => r.Id == swap.RequesterRoundId), rounds.Single(r => r.Id == swap.CounterpartRoundId))
                {
                    Quorum = (ballot.Approvals, required),
                };
                var lapsesAt = HeldSwapLapse.At(decided.RequesterRound!, decided.CounterpartRound!);
                if (swap.State == SwapState.Lapsed || now >= lapsesAt)
                {
                    return decided with { Outcome = SwapOutcome.Lapsed };
                }

                if (VoteRules.Check(officer, swap.ChamaId, ballot, now, lapsesAt) is { } refusal)
                {
                    return decided with { Outcome = Outcome(refusal) };
                }

                var approved = ballot.With(new OfficerDecision(officer.Id, decision, reason));
                Round? mine = null, theirs = null;
                if (approved.IsCarried)
                {
                    if (!requester.Active || !counterpart.Active)
                    {
                        return decided with { Outcome = SwapOutcome.UnknownSeat };
                    }

                    SwapOutcome? refused;
                    (refused, mine, theirs) = await CheckAsync(transaction, requester, counterpart, today);
                    if (refused is not null && !NeedsOfficers(refused))
                    {
                        return decided with { Outcome = refused.Value };
                    }

                    if (mine!.Id != swap.RequesterRoundId || theirs!.Id != swap.CounterpartRoundId)
                    {
                        return decided with { Outcome = SwapOutcome.RoundsChanged };
                    }
                }

                var actor = Actor.Member(officer.Id, channel);
                (var castRefusal, ballot) = await DecisionVotes.CastAsync(transaction, officer, DecisionKind.Swap, swap.Id, ballot, decision, reason, channel, now, lapsesAt: lapsesAt);
                if (castRefusal is not null)
                {
                    return decided with { Outcome = Outcome(castRefusal.Value) };
                }

                var after = decided with { Quorum = (ballot.Approvals, required) };
                if (decision == Decision.Reject)
                {
                    await AnswerAsync(transaction, swap, SwapState.Declined, officer.Id, channel, now);
                    return after with { Outcome = SwapOutcome.Rejected, Swap = swap with { State = SwapState.Declined, DecidedAt = now } };
                }

                if (mine is null || theirs is null)
                {
                    return after with { Outcome = SwapOutcome.ApprovalRecorded };
                }

                await ExchangeAsync(transaction, swap, mine, theirs, actor, requester, counterpart, now);
                return after with
                {
                    Outcome = SwapOutcome.Accepted, Swap = swap with { State = SwapState.Accepted, DecidedAt = now }, Officers = await OfficersAsync(transaction, swap.ChamaId),
                };
            },
            notices,
            now,
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write and, when it changed something, queues the <paramref name="notices"/> of its
    /// result in that same write: the change and the messages telling of it exist together or not at all.
    /// </summary>
    private Task<SwapResult> WriteTellingAsync(
        Func<DbConnection, DbTransaction, Task<SwapResult>> work,
        Func<SwapResult, IEnumerable<OutboundMessage>>? notices,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var result = await work(connection, transaction);
                if (result.Changed)
                {
                    await Outbox.Outbox.EnqueueAllAsync(transaction, notices?.Invoke(result), now);
                }

                return result;
            },
            cancellationToken);

    public Task<SeatSwap?> FindAsync(long swapId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (_, transaction) => (await QueryAsync(transaction, "WHERE s.id = @swapId", new { swapId })).FirstOrDefault(), cancellationToken);

    /// <summary>
    /// Why the two members may not exchange turns now, or null with each one's round: both in the running cycle's rotation,
    /// both rounds from the current one on, neither being paid or approved, neither member in arrears.
    /// </summary>
    private static async Task<(SwapOutcome? Refused, Round? Mine, Round? Theirs)> CheckAsync(DbTransaction transaction, Member requester, Member counterpart, DateOnly today)
    {
        var connection = transaction.Connection!;
        var current = await CycleStore.FindCurrentRoundAsync(connection, transaction, requester.ChamaId, today);
        if (current is null)
        {
            return (SwapOutcome.NoRound, null, null);
        }

        var rounds = await CycleStore.GetRoundsAsync(connection, transaction, current.CycleId);
        var mine = rounds.FirstOrDefault(r => r.RecipientMemberId == requester.Id);
        var theirs = rounds.FirstOrDefault(r => r.RecipientMemberId == counterpart.Id);
        if (mine is null)
        {
            return (SwapOutcome.NoRound, null, theirs);
        }

        if (theirs is null)
        {
            return (SwapOutcome.UnknownSeat, mine, null);
        }

        if (mine.Number < current.Number || theirs.Number < current.Number)
        {
            return (SwapOutcome.RoundPassed, mine, theirs);
        }

        if (await IsBeingPaidAsync(transaction, mine.Id) || await IsBeingPaidAsync(transaction, theirs.Id))
        {
            return (SwapOutcome.RoundBeingPaid, mine, theirs);
        }

        if (await InArrearsAsync(transaction, requester, today))
        {
            return (SwapOutcome.Arrears, mine, theirs);
        }

        if (await InArrearsAsync(transaction, counterpart, today))
        {
            return (SwapOutcome.CounterpartArrears, mine, theirs);
        }

        return (null, mine, theirs);
    }

    /// <summary>
    /// A payout that has not failed exists (approved, sent or paid), or officers have begun approving this attempt: the
    /// officers decide on a payout to a named member, so its recipient no longer changes.
    /// </summary>
    private static async Task<bool> IsBeingPaidAsync(DbTransaction transaction, long roundId)
    {
        if (await DisbursementStore.LiveAttemptsAsync(transaction, ApprovalKind.Pot, roundId) > 0)
        {
            return true;
        }

        var attempt = await DisbursementStore.CurrentAttemptAsync(transaction, ApprovalKind.Pot, roundId);
        return await DecisionVotes.AnyAsync(transaction, DecisionKind.Pot, roundId, attempt);
    }

    private static SwapOutcome Outcome(VoteRefusal refusal) => refusal switch
    {
        VoteRefusal.NotAnOfficer => SwapOutcome.NotAnOfficer,
        VoteRefusal.Concerned => SwapOutcome.OwnSwap,
        VoteRefusal.AlreadyDecided => SwapOutcome.AlreadyDecided,
        VoteRefusal.Lapsed => SwapOutcome.Lapsed,
        _ => SwapOutcome.NotHeld,
    };

    /// <summary>Arrears are the one refusal the officers can overrule.</summary>
    private static bool NeedsOfficers(SwapOutcome? outcome) => outcome is SwapOutcome.Arrears or SwapOutcome.CounterpartArrears;

    private static async Task<int> QuorumAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama().Constitution.ApprovalsRequired;

    private static async Task<IReadOnlyList<Member>> OfficersAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QueryAsync<MemberRow>(
            $"{MemberRow.Select} WHERE chama_id = @chamaId AND active = 1 AND roles <> 0 ORDER BY seat;", new { chamaId }, transaction))
        .Select(r => r.ToMember()).ToList();

    private static async Task<bool> InArrearsAsync(DbTransaction transaction, Member member, DateOnly today) =>
        await MemberStatements.FindAsync(transaction.Connection!, transaction, member, today) is { } statement && statement.Arrears.IsPositive;

    /// <summary>
    /// Exchanges the two rounds' recipients. A cycle gives each member one round (a unique index), and SQLite checks it row
    /// by row, so the first round is parked on a placeholder member for the moment between; the foreign key is checked at
    /// commit, by when the placeholder is gone.
    /// </summary>
    private static async Task ExchangeAsync(
        DbTransaction transaction, SeatSwap swap, Round mine, Round theirs, Actor actor, Member requester, Member counterpart, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, swap.ChamaId);
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(SqlDialect.DeferForeignKeys(connection), transaction: transaction);
        await connection.ExecuteAsync("UPDATE rounds SET recipient_member_id = -recipient_member_id WHERE id = @Id;", new { mine.Id }, transaction);
        await connection.ExecuteAsync("UPDATE rounds SET recipient_member_id = @RecipientMemberId WHERE id = @Id;", new { theirs.Id, mine.RecipientMemberId }, transaction);
        await connection.ExecuteAsync("UPDATE rounds SET recipient_member_id = @RecipientMemberId WHERE id = @Id;", new { mine.Id, theirs.RecipientMemberId }, transaction);
        await AnswerAsync(transaction, swap, SwapState.Accepted, actor.MemberId, actor.Channel, now);
        await Audit.RecordAsync(
            transaction,
            swap.ChamaId,
            actor,
            "swap.exchanged",
            $"swap:{swap.Id} round:{mine.Number} member:{requester.Id}->{counterpart.Id} round:{theirs.Number} member:{counterpart.Id}->{requester.Id}",
            now);
    }

    private static async Task AnswerAsync(DbTransaction transaction, SeatSwap swap, SwapState state, long? memberId, string channel, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, swap.ChamaId);
        await transaction.Connection!.ExecuteAsync(
            "INSERT INTO seat_swap_answers (swap_id, state, member_id, channel, decided_at) VALUES (@Id, @State, @memberId, @channel, @At);",
            new { swap.Id, State = state.ToString(), memberId, channel, At = now.ToUnixTimeMilliseconds() },
            transaction);
        var actor = memberId is { } id ? Actor.Member(id, channel) : Actor.System(channel);
        await Audit.RecordAsync(transaction, swap.ChamaId, actor, $"swap.{state.ToString().ToLowerInvariant()}", $"swap:{swap.Id}", now);
    }

    private static async Task<Member?> MemberAsync(DbTransaction transaction, long memberId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @memberId;", new { memberId }, transaction))?.ToMember();

    private static async Task<IReadOnlyList<SeatSwap>> QueryAsync(DbTransaction transaction, string where, object parameters) =>
        (await transaction.Connection!.QueryAsync<Row>($"{Select} {where};", parameters, transaction)).Select(r => r.ToSwap()).ToList();

    private sealed class Row
    {
        public long Id { get; init; }
        public long ChamaId { get; init; }
        public long CycleId { get; init; }
        public long RequesterMemberId { get; init; }
        public long CounterpartMemberId { get; init; }
        public long RequesterRoundId { get; init; }
        public long CounterpartRoundId { get; init; }
        public long RequestedAt { get; init; }
        public long ExpiresAt { get; init; }
        public string State { get; init; } = "";
        public long? DecidedAt { get; init; }

        public SeatSwap ToSwap() => new(
            Id,
            ChamaId,
            CycleId,
            RequesterMemberId,
            CounterpartMemberId,
            RequesterRoundId,
            CounterpartRoundId,
            DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt),
            Enum.Parse<SwapState>(State),
            DecidedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }
}
