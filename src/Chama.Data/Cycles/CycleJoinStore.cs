using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Cycles;

/// <summary>
/// What a proposal or a vote came to, with what the messages about it need: the officer who acted, the chama's active
/// officers, the contribution, the joiner's first round and their own round (planned while the proposal is open, real
/// once they have joined).
/// </summary>
public sealed record JoinResult(JoinOutcome Outcome, JoinProposal? Proposal)
{
    public Member? Officer { get; init; }

    public IReadOnlyList<Member> Officers { get; init; } = [];

    public Money? Contribution { get; init; }

    public Round? FirstRound { get; init; }

    /// <summary>The joiner's own round: its number and due date (planned, or stored once they have joined).</summary>
    public (int Number, DateOnly DueDate)? OwnRound { get; init; }

    public string? Reason { get; init; }
}

/// <summary>
/// Members joining the running cycle by the officers' approval (a new member otherwise joins from the next cycle). An
/// officer proposes it, the officers' quorum decides, and the approval reaching the quorum appends the joiner's round
/// at the end of the cycle and records the join, in one transaction. Proposals, votes, joins and the new round are
/// appended; no existing round or payment is changed.
/// </summary>
public sealed partial class CycleJoinStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// An officer proposes that the active member on <paramref name="seat"/>, who has no round in the running cycle,
    /// joins it. The proposal carries the proposer's approval, as a rule change does, so with a quorum of one the member
    /// joins at once. <paramref name="notices"/> makes the messages queued in the same transaction.
    /// </summary>
    public Task<JoinResult> ProposeAsync(
        Member officer, int seat, string channel, Func<JoinResult, IEnumerable<Outbox.OutboundMessage>>? notices = null, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            return Task.FromResult(new JoinResult(JoinOutcome.NotAnOfficer, null));
        }

        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (await CycleStore.FindActiveAsync(connection, transaction, officer.ChamaId) is not { } cycle)
                {
                    return new JoinResult(JoinOutcome.NoRunningCycle, null);
                }

                var member = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                    $"{MemberRow.Select} WHERE chama_id = @ChamaId AND seat = @seat AND active = 1;", new { officer.ChamaId, seat }, transaction))?.ToMember();
                if (member is null)
                {
                    return new JoinResult(JoinOutcome.UnknownMember, null);
                }

                if (member.Id == officer.Id)
                {
                    return new JoinResult(JoinOutcome.OwnJoin, null);
                }

                var open = await connection.QuerySingleOrDefaultAsync<long?>(
                    $"""
                    SELECT MAX(p.id) FROM cycle_join_proposals p
                    WHERE p.cycle_id = @CycleId AND p.member_id = @MemberId
                      AND {DecisionVotes.NotRejected(DecisionKind.Join, "p")}
                      AND NOT EXISTS (SELECT 1 FROM cycle_joins j WHERE j.proposal_id = p.id);
                    """,
                    new { CycleId = cycle.Id, MemberId = member.Id },
                    transaction);
                if (open is { } openId)
                {
                    return new JoinResult(JoinOutcome.AlreadyProposed, await FindAsync(transaction, officer.ChamaId, openId));
                }

                if (await RefusalAsync(transaction, cycle, member, today) is { } refusal)
                {
                    return new JoinResult(refusal, null);
                }

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO cycle_join_proposals (chama_id, cycle_id, member_id, proposer_member_id, channel, proposed_at)
                    VALUES (@ChamaId, @CycleId, @MemberId, @OfficerId, @channel, @At) RETURNING id;
                    """,
                    new { officer.ChamaId, CycleId = cycle.Id, MemberId = member.Id, OfficerId = officer.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "join.proposed", $"{JoinProposal.CodeFor(id)} member:{member.Id} seat:{seat} cycle:{cycle.Id}", now);
                return await VoteAsync(transaction, officer, id, Decision.Approve, null, channel, now, today, notices);
            },
            cancellationToken);
    }

    /// <summary>An officer approves or declines an open proposal, once; the approval reaching the quorum makes the join.</summary>
    public Task<JoinResult> DecideAsync(
        Member officer,
        long proposalId,
        Decision decision,
        string? reason,
        string channel,
        Func<JoinResult, IEnumerable<Outbox.OutboundMessage>>? notices = null,
        CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            return Task.FromResult(new JoinResult(JoinOutcome.NotAnOfficer, null));
        }

        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(new JoinResult(JoinOutcome.NoReason, null));
        }

        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return database.WriteAsync(
            (_, transaction) => VoteAsync(transaction, officer, proposalId, decision, reason?.Trim(), channel, now, today, notices), cancellationToken);
    }

    public Task<JoinProposal?> FindAsync(long chamaId, long proposalId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, chamaId, proposalId), cancellationToken);

    private static async Task<JoinResult> VoteAsync(
        DbTransaction transaction,
        Member officer,
        long proposalId,
        Decision decision,
        string? reason,
        string channel,
        DateTimeOffset now,
        DateOnly today,
        Func<JoinResult, IEnumerable<Outbox.OutboundMessage>>? notices)
    {
        await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
        var connection = transaction.Connection!;
        var proposal = await FindAsync(transaction, officer.ChamaId, proposalId);
        if (proposal is null)
        {
            return new JoinResult(JoinOutcome.NotOpen, null);
        }

        var refusal = VoteRules.Check(officer, officer.ChamaId, proposal.Ballot, now);
        if (refusal is not null)
        {
            return new JoinResult(Outcome(refusal.Value), proposal);
        }

        var cycle = (await CycleStore.FindAsync(connection, transaction, proposal.CycleId))!;

        // The approval that would make the join is checked before it is recorded: the cycle may have closed, the member
        // left or joined by another proposal, or the last round been paid out since the proposal was made.
        if (proposal.Ballot.With(new OfficerDecision(officer.Id, decision, reason)).IsCarried
            && await RefusalAsync(transaction, cycle, proposal.Member, today) is { } joinRefusal)
        {
            return new JoinResult(joinRefusal, proposal);
        }

        (refusal, var ballot) = await DecisionVotes.CastAsync(transaction, officer, DecisionKind.Join, proposalId, proposal.Ballot, decision, reason, channel, now);
        if (refusal is not null)
        {
            return new JoinResult(Outcome(refusal.Value), proposal);
        }

        var after = proposal with { Decisions = ballot.Votes };
        var rounds = await CycleStore.GetRoundsAsync(connection, transaction, cycle.Id);
        var first = CycleJoin.FirstRoundToJoin(rounds, await CycleStore.ClosedToJoinersAsync(transaction, cycle.Id), today);
        var frequency = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { officer.ChamaId }, transaction))
            .ToChama().Constitution.Frequency;
        var own = CycleJoin.AppendedRound(cycle, rounds, frequency);
        var outcome = after.IsRejected ? JoinOutcome.Rejected : after.HasQuorum ? JoinOutcome.Joined : JoinOutcome.Recorded;
        if (outcome == JoinOutcome.Joined)
        {
            after = after with { Join = await JoinAsync(transaction, cycle, after, first!, own, officer, channel, now) };
        }

        var result = new JoinResult(outcome, after)
        {
            Officer = officer,
            Officers = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @ChamaId AND active = 1;", new { officer.ChamaId }, transaction))
                .Select(r => r.ToMember()).Where(m => m.IsOfficer).ToList(),
            Contribution = cycle.Contribution,
            FirstRound = first,
            OwnRound = own,
            Reason = reason,
        };
        foreach (var message in notices?.Invoke(result) ?? [])
        {
            await Outbox.Outbox.EnqueueAsync(transaction, message, now);
        }

        return result;
    }

    private static JoinOutcome Outcome(VoteRefusal refusal) => refusal switch
    {
        VoteRefusal.NotAnOfficer => JoinOutcome.NotAnOfficer,
        VoteRefusal.Concerned => JoinOutcome.OwnJoin,
        VoteRefusal.AlreadyDecided => JoinOutcome.AlreadyDecided,
        _ => JoinOutcome.NotOpen,
    };

    /// <summary>
    /// Appends the joiner's round at the end of the cycle and records the join. The new round's stored pot counts every
    /// member the cycle has rounds for, the joiner included, as a cycle's first rounds count its rotation; the ledger
    /// releases leavers from it as it does from every round.
    /// </summary>
    private static async Task<CycleJoin> JoinAsync(
        DbTransaction transaction, Cycle cycle, JoinProposal proposal, Round first, (int Number, DateOnly DueDate) own, Member officer, string channel, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var rotation = await ContributionLedger.RotationAsync(transaction, cycle.Id);
        var pot = cycle.Contribution.Times(rotation.Count + 1);
        var roundId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO rounds (cycle_id, number, recipient_member_id, due_date, expected_pot_minor)
            VALUES (@CycleId, @Number, @MemberId, @DueDate, @Pot) RETURNING id;
            """,
            new { CycleId = cycle.Id, own.Number, MemberId = proposal.Member.Id, DueDate = DateFormat.Iso(own.DueDate), Pot = pot.Minor },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO cycle_joins (cycle_id, member_id, from_round, own_round, proposal_id, at)
            VALUES (@CycleId, @MemberId, @FromRound, @OwnRound, @ProposalId, @At);
            """,
            new { CycleId = cycle.Id, MemberId = proposal.Member.Id, FromRound = first.Number, OwnRound = own.Number, ProposalId = proposal.Id, At = now.ToUnixTimeMilliseconds() },
            transaction);
        await Audit.RecordAsync(
            transaction,
            cycle.ChamaId,
            Actor.Member(officer.Id, channel),
            "member.joined_cycle",
            $"{proposal.Code} member:{proposal.Member.Id} cycle:{cycle.Id} from_round:{first.Number} round:{roundId} number:{own.Number} due:{DateFormat.Iso(own.DueDate)}",
            now);
        return new CycleJoin(proposal.Member.Id, first.Number, own.Number);
    }

    /// <summary>Why the member cannot join the cycle now, or null when they can.</summary>
    private static async Task<JoinOutcome?> RefusalAsync(DbTransaction transaction, Cycle cycle, Member member, DateOnly today)
    {
        var connection = transaction.Connection!;
        if (await connection.ExecuteScalarAsync<string>("SELECT status FROM cycles WHERE id = @Id;", new { cycle.Id }, transaction) != nameof(CycleStatus.Active))
        {
            return JoinOutcome.NoRunningCycle;
        }

        if (await connection.ExecuteScalarAsync<long>("SELECT active FROM members WHERE id = @Id;", new { member.Id }, transaction) != 1)
        {
            return JoinOutcome.UnknownMember;
        }

        var rounds = await CycleStore.GetRoundsAsync(connection, transaction, cycle.Id);
        if (rounds.Any(r => r.RecipientMemberId == member.Id))
        {
            return JoinOutcome.AlreadyInRotation;
        }

        return CycleJoin.FirstRoundToJoin(rounds, await CycleStore.ClosedToJoinersAsync(transaction, cycle.Id), today) is null ? JoinOutcome.NoRoundLeft : null;
    }

    private static async Task<JoinProposal?> FindAsync(DbTransaction transaction, long chamaId, long proposalId)
    {
        var connection = transaction.Connection!;
        var row = await connection.QuerySingleOrDefaultAsync<(long CycleId, long MemberId, long ProposerId)?>(
            "SELECT cycle_id, member_id, proposer_member_id FROM cycle_join_proposals WHERE id = @proposalId AND chama_id = @chamaId;",
            new { proposalId, chamaId },
            transaction);
        if (row is not { } proposal)
        {
            return null;
        }

        var member = (await connection.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @MemberId;", new { proposal.MemberId }, transaction)).ToMember();
        var join = await connection.QuerySingleOrDefaultAsync<(long FromRound, long OwnRound)?>(
            "SELECT from_round, own_round FROM cycle_joins WHERE proposal_id = @proposalId;", new { proposalId }, transaction);
        var required = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))
            .ToChama().Constitution.ApprovalsRequired;
        return new JoinProposal(
            proposalId,
            chamaId,
            proposal.CycleId,
            member,
            proposal.ProposerId,
            await DecisionVotes.ReadAsync(transaction, DecisionKind.Join, proposalId),
            required,
            join is { } j ? new CycleJoin(member.Id, (int)j.FromRound, (int)j.OwnRound) : null);
    }
}
