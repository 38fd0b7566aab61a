using System.Data.Common;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.MemberChanges;

/// <summary>
/// What a proposal or a vote on a member change came to, with the chama's active officers (to be told) and the member
/// as they were before the change.
/// </summary>
public sealed record MemberChangeResult(MemberChangeOutcome Outcome, MemberChange? Change)
{
    public IReadOnlyList<Member> Officers { get; init; } = [];

    public Member? Officer { get; init; }

    public string? Reason { get; init; }

    public bool Changed => Outcome is MemberChangeOutcome.Recorded or MemberChangeOutcome.Made or MemberChangeOutcome.Rejected;
}

/// <summary>
/// Officer roles and payout phones, changed only by the officers' quorum (roles, before the chama's first cycle, by its
/// chair alone): an officer proposes the change (its code is O or N and its number), other officers approve or reject it
/// by the one voting mechanism, and the approval that reaches the quorum makes the change in the same transaction. Proposals, votes and changes are appended; the member's row is
/// updated only by the change made. <paramref name="notices"/> in each call makes the messages queued in that same write.
/// </summary>
public sealed class MemberChangeStore(IDatabase database, ChamaStore chamas, TimeProvider clock)
{
    /// <summary>
    /// <paramref name="officer"/> proposes that <paramref name="memberId"/>'s roles become <paramref name="roles"/>, or that
    /// their payouts go to <paramref name="receivePhone"/>. The proposal is the proposer's approval, unless it is their own.
    /// </summary>
    public Task<MemberChangeResult> ProposeAsync(
        Member officer,
        long memberId,
        MemberRoles? roles,
        PhoneNumber? receivePhone,
        string channel,
        Func<MemberChangeResult, IEnumerable<OutboundMessage>>? notices = null,
        CancellationToken cancellationToken = default)
    {
        var kind = roles is not null ? DecisionKind.Role : DecisionKind.PayoutPhone;
        if ((roles is null) == (receivePhone is null))
        {
            throw new ArgumentException("A member change is either roles or a payout phone.");
        }

        var now = clock.GetUtcNow();
        return WriteAsync(
            async transaction =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var connection = transaction.Connection!;
                if (await MemberAsync(transaction, officer.Id) is not { IsOfficer: true, Active: true } proposer || proposer.ChamaId != officer.ChamaId)
                {
                    return new MemberChangeResult(MemberChangeOutcome.NotAnOfficer, null);
                }

                if (await MemberAsync(transaction, memberId) is not { Active: true } member || member.ChamaId != officer.ChamaId)
                {
                    return new MemberChangeResult(MemberChangeOutcome.UnknownMember, null);
                }

                if (kind == DecisionKind.Role ? member.Roles == roles : member.ReceivePhone == receivePhone)
                {
                    return new MemberChangeResult(MemberChangeOutcome.NoChange, null);
                }

                foreach (var openId in await connection.QueryAsync<long>(
                    $"""
                    SELECT p.id FROM member_change_proposals p
                    WHERE p.chama_id = @ChamaId AND p.member_id = @memberId AND p.kind = @Kind
                      AND NOT EXISTS (SELECT 1 FROM member_changes c WHERE c.proposal_id = p.id) AND {DecisionVotes.NotRejected(kind, "p")};
                    """,
                    new { officer.ChamaId, memberId, Kind = kind.ToString() },
                    transaction))
                {
                    if (await FindAsync(transaction, officer.ChamaId, kind, openId) is { IsOpen: true } open
                        && (kind == DecisionKind.Role ? open.Roles == roles : open.ReceivePhone == receivePhone))
                    {
                        return new MemberChangeResult(MemberChangeOutcome.AlreadyProposed, open);
                    }
                }

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO member_change_proposals (chama_id, member_id, kind, roles, receive_phone, proposer_member_id, channel, proposed_at)
                    VALUES (@ChamaId, @memberId, @Kind, @Roles, @Phone, @ProposerId, @channel, @At) RETURNING id;
                    """,
                    new
                    {
                        officer.ChamaId,
                        memberId,
                        Kind = kind.ToString(),
                        Roles = (long?)roles,
                        Phone = receivePhone?.E164,
                        ProposerId = officer.Id,
                        channel,
                        At = now.ToUnixTimeMilliseconds(),
                    },
                    transaction);
                if (kind == DecisionKind.Role)
                {
                    await ChamaStore.EnsureQuorumKeptAsync(transaction, member, roles!.Value);
                }

                var what = kind == DecisionKind.Role ? $"roles:{roles}" : $"receive:{receivePhone!.Masked}";
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "member_change.proposed", $"{kind.Code(id)} member:{memberId} {what}", now);
                var proposal = (await FindAsync(transaction, officer.ChamaId, kind, id))!;
                if (kind == DecisionKind.Role && proposer.Roles.HasFlag(MemberRoles.Chair) && !await HasHadCycleAsync(transaction, officer.ChamaId))
                {
                    // Before the first cycle no money has been collected: the chair (its founder) names the first
                    // officers alone, since there is no quorum of officers yet to ask. From the first cycle on, the quorum decides.
                    await MakeAsync(transaction, proposer, proposal, channel, now);
                    chamas.Forget(proposal.ChamaId);
                    return new MemberChangeResult(MemberChangeOutcome.Made, proposal with { MadeAt = now })
                    {
                        Officer = proposer,
                        Officers = await OfficersAsync(transaction, officer.ChamaId),
                    };
                }

                return officer.Id == memberId
                    ? new MemberChangeResult(MemberChangeOutcome.Recorded, proposal) { Officer = officer, Officers = await OfficersAsync(transaction, officer.ChamaId) }
                    : await VoteAsync(transaction, officer, proposal, Decision.Approve, null, channel, now);
            },
            notices,
            now,
            cancellationToken);
    }

    /// <summary>An officer approves or rejects an open member change, once; the approval reaching the quorum makes it.</summary>
    public Task<MemberChangeResult> DecideAsync(
        Member officer,
        DecisionKind kind,
        long id,
        Decision decision,
        string? reason,
        string channel,
        Func<MemberChangeResult, IEnumerable<OutboundMessage>>? notices = null,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return WriteAsync(
            async transaction =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                return await FindAsync(transaction, officer.ChamaId, kind, id) is { } proposal
                    ? await VoteAsync(transaction, officer, proposal, decision, reason, channel, now)
                    : new MemberChangeResult(MemberChangeOutcome.NotOpen, null);
            },
            notices,
            now,
            cancellationToken);
    }

    /// <summary>The chama's member changes waiting for the officers, oldest first.</summary>
    public Task<IReadOnlyList<MemberChange>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<MemberChange>>(
            async (connection, transaction) =>
            {
                var open = new List<MemberChange>();
                foreach (var (kind, id) in await connection.QueryAsync<(string Kind, long Id)>(
                    "SELECT p.kind, p.id FROM member_change_proposals p WHERE p.chama_id = @chamaId AND NOT EXISTS (SELECT 1 FROM member_changes c WHERE c.proposal_id = p.id) ORDER BY p.id;",
                    new { chamaId },
                    transaction))
                {
                    if (await FindAsync(transaction, chamaId, Enum.Parse<DecisionKind>(kind), id) is { IsOpen: true } change)
                    {
                        open.Add(change);
                    }
                }

                return open;
            },
            cancellationToken);

    public Task<MemberChange?> FindAsync(long chamaId, DecisionKind kind, long id, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, chamaId, kind, id), cancellationToken);

    /// <summary>
    /// The moment from which <paramref name="memberId"/>'s payout phone may receive: the constitution's delay after its
    /// last change by the officers, or null when it was never changed that way.
    /// </summary>
    internal static async Task<DateTimeOffset?> PayoutPhoneReceivesFromAsync(DbTransaction transaction, long chamaId, long memberId, Constitution rules)
    {
        var changedAt = await transaction.Connection!.ExecuteScalarAsync<long?>(
            "SELECT MAX(at) FROM member_changes WHERE member_id = @memberId AND kind = 'PayoutPhone';", new { memberId }, transaction);
        return changedAt is { } at ? PayoutPhoneDelay.ReceivesFrom(DateTimeOffset.FromUnixTimeMilliseconds(at), rules) : null;
    }

    private async Task<MemberChangeResult> VoteAsync(
        DbTransaction transaction, Member officer, MemberChange proposal, Decision decision, string? reason, string channel, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
        var officers = await OfficersAsync(transaction, officer.ChamaId);
        var (refusal, ballot) = await DecisionVotes.CastAsync(transaction, officer, proposal.Kind, proposal.Id, proposal.Ballot, decision, reason, channel, now);
        if (refusal is not null)
        {
            return new MemberChangeResult(Outcome(refusal.Value), proposal) { Officer = officer, Officers = officers };
        }

        var after = proposal with { Decisions = ballot.Votes };
        if (ballot.IsRejected || !ballot.IsCarried)
        {
            var outcome = ballot.IsRejected ? MemberChangeOutcome.Rejected : MemberChangeOutcome.Recorded;
            return new MemberChangeResult(outcome, after) { Officer = officer, Officers = officers, Reason = reason };
        }

        // Approvals already given were given for paying the phone as it was: it cannot change under them.
        if (proposal.Kind == DecisionKind.PayoutPhone && await ApprovalStore.IsBeingApprovedForAsync(transaction, proposal.ChamaId, proposal.Member.Id))
        {
            throw new RolledBack(new MemberChangeResult(MemberChangeOutcome.PayoutBeingApproved, proposal) { Officer = officer, Officers = officers });
        }

        await MakeAsync(transaction, officer, after, channel, now);
        chamas.Forget(proposal.ChamaId);
        return new MemberChangeResult(MemberChangeOutcome.Made, after with { MadeAt = now }) { Officer = officer, Officers = officers };
    }

    private static async Task MakeAsync(DbTransaction transaction, Member officer, MemberChange change, string channel, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, change.ChamaId);
        var connection = transaction.Connection!;
        if (change.Kind == DecisionKind.Role)
        {
            await ChamaStore.EnsureQuorumKeptAsync(transaction, (await MemberAsync(transaction, change.Member.Id))!, change.Roles!.Value);
            await connection.ExecuteAsync("UPDATE members SET roles = @Roles WHERE id = @Id;", new { Roles = (long)change.Roles!.Value, change.Member.Id }, transaction);
        }
        else
        {
            await connection.ExecuteAsync("UPDATE members SET receive_phone = @Phone WHERE id = @Id;", new { Phone = change.ReceivePhone!.E164, change.Member.Id }, transaction);
        }

        await connection.ExecuteAsync(
            "INSERT INTO member_changes (proposal_id, member_id, kind, at) VALUES (@Id, @MemberId, @Kind, @At);",
            new { change.Id, MemberId = change.Member.Id, Kind = change.Kind.ToString(), At = now.ToUnixTimeMilliseconds() },
            transaction);
        var what = change.Kind == DecisionKind.Role ? $"roles:{change.Roles}" : $"receive:{change.ReceivePhone!.Masked}";
        await Audit.RecordAsync(transaction, change.ChamaId, Actor.Member(officer.Id, channel), "member_change.made", $"{change.Code} member:{change.Member.Id} {what}", now);
    }

    private static MemberChangeOutcome Outcome(VoteRefusal refusal) => refusal switch
    {
        VoteRefusal.NotAnOfficer => MemberChangeOutcome.NotAnOfficer,
        VoteRefusal.Concerned => MemberChangeOutcome.Concerned,
        VoteRefusal.AlreadyDecided => MemberChangeOutcome.AlreadyDecided,
        _ => MemberChangeOutcome.NotOpen,
    };

    private static async Task<MemberChange?> FindAsync(DbTransaction transaction, long chamaId, DecisionKind kind, long id)
    {
        if (!MemberChange.IsMemberChange(kind))
        {
            return null;
        }

        var connection = transaction.Connection!;
        var row = await connection.QuerySingleOrDefaultAsync<(long MemberId, long? Roles, string? Phone, long ProposerId)?>(
            "SELECT member_id, roles, receive_phone, proposer_member_id FROM member_change_proposals WHERE id = @id AND chama_id = @chamaId AND kind = @Kind;",
            new { id, chamaId, Kind = kind.ToString() },
            transaction);
        if (row is not { } proposal)
        {
            return null;
        }

        var madeAt = await connection.ExecuteScalarAsync<long?>("SELECT at FROM member_changes WHERE proposal_id = @id;", new { id }, transaction);
        var required = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama().Constitution.ApprovalsRequired;
        return new MemberChange(
            id,
            chamaId,
            kind,
            (await MemberAsync(transaction, proposal.MemberId))!,
            (MemberRoles?)proposal.Roles,
            proposal.Phone is null ? null : PhoneNumber.FromStored(proposal.Phone),
            proposal.ProposerId,
            await DecisionVotes.ReadAsync(transaction, kind, id),
            required,
            madeAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }

    private static async Task<bool> HasHadCycleAsync(DbTransaction transaction, long chamaId) =>
        await transaction.Connection!.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cycles WHERE chama_id = @chamaId;", new { chamaId }, transaction) > 0;

    private static async Task<Member?> MemberAsync(DbTransaction transaction, long memberId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @memberId;", new { memberId }, transaction))?.ToMember();

    private static async Task<IReadOnlyList<Member>> OfficersAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QueryAsync<MemberRow>(
            $"{MemberRow.Select} WHERE chama_id = @chamaId AND active = 1 AND roles <> 0 ORDER BY seat;", new { chamaId }, transaction))
        .Select(r => r.ToMember())
        .ToList();

    /// <summary>Runs <paramref name="work"/> in one write with the notices of what it changed; a refusal found late rolls the write back.</summary>
    private async Task<MemberChangeResult> WriteAsync(
        Func<DbTransaction, Task<MemberChangeResult>> work,
        Func<MemberChangeResult, IEnumerable<OutboundMessage>>? notices,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(
                async (_, transaction) =>
                {
                    var result = await work(transaction);
                    if (result.Changed)
                    {
                        foreach (var message in notices?.Invoke(result) ?? [])
                        {
                            await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                        }
                    }

                    return result;
                },
                cancellationToken);
        }
        catch (RolledBack rolledBack)
        {
            return rolledBack.Result;
        }
    }

    /// <summary>Thrown to undo a vote already written when the change it carries cannot be made.</summary>
    private sealed class RolledBack(MemberChangeResult result) : Exception
    {
        public MemberChangeResult Result { get; } = result;
    }
}
