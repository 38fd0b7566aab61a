using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Decisions;

/// <summary>
/// The one place officers' votes are read and written, for every kind of decision: the votes of one decision (one attempt
/// at a payout), each marked with whether its officer still holds the role, and a vote recorded under
/// <see cref="VoteRules"/> with its audit line, inside the caller's transaction so the vote and its effect commit together.
/// </summary>
internal static class DecisionVotes
{
    public static async Task<IReadOnlyList<OfficerDecision>> ReadAsync(DbTransaction transaction, DecisionKind kind, long subjectId, int attempt = 1) =>
        (await transaction.Connection!.QueryAsync<(long Officer, string Decision, string? Reason, long InForce)>(
            """
            SELECT v.officer_member_id, v.decision, v.reason, CASE WHEN m.active = 1 AND m.roles <> 0 THEN 1 ELSE 0 END
            FROM decision_votes v JOIN members m ON m.id = v.officer_member_id
            WHERE v.subject_kind = @Kind AND v.subject_id = @subjectId AND v.attempt = @attempt
            ORDER BY v.id;
            """,
            new { Kind = kind.ToString(), subjectId, attempt },
            transaction))
        .Select(v => new OfficerDecision(v.Officer, Enum.Parse<Decision>(v.Decision), v.Reason, v.InForce == 1))
        .ToList();

    /// <summary>
    /// Records <paramref name="officer"/>'s vote when the rules allow it and returns the ballot with it; otherwise returns
    /// why not and records nothing. <paramref name="officer"/> is read afresh here, so a role removed a moment ago counts.
    /// </summary>
    public static async Task<(VoteRefusal? Refusal, Ballot Ballot)> CastAsync(
        DbTransaction transaction,
        Member officer,
        DecisionKind kind,
        long subjectId,
        Ballot ballot,
        Decision decision,
        string? reason,
        string channel,
        DateTimeOffset now,
        int attempt = 1,
        DateTimeOffset? lapsesAt = null)
    {
        // Callers enter the chama before reading the ballot they pass; entering here again is free, and keeps a vote
        // from being written into a write of another chama.
        await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
        var current = (await transaction.Connection!.QuerySingleOrDefaultAsync<Chamas.MemberRow>(
            $"{Chamas.MemberRow.Select} WHERE id = @Id;", new { officer.Id }, transaction))?.ToMember() ?? officer with { Active = false };
        if (VoteRules.Check(current, officer.ChamaId, ballot, now, lapsesAt) is { } refusal)
        {
            return (refusal, ballot);
        }

        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO decision_votes (chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at)
            VALUES (@ChamaId, @Kind, @subjectId, @attempt, @OfficerId, @Decision, @reason, @channel, @At);
            """,
            new { officer.ChamaId, Kind = kind.ToString(), subjectId, attempt, OfficerId = officer.Id, Decision = decision.ToString(), reason, channel, At = now.ToUnixTimeMilliseconds() },
            transaction);
        await Audit.RecordAsync(
            transaction, officer.ChamaId, Actor.Member(officer.Id, channel), $"{AuditPrefix(kind)}.{decision.ToString().ToLowerInvariant()}", $"{kind.Code(subjectId)} {reason}".Trim(), now);
        return (null, ballot.With(new OfficerDecision(officer.Id, decision, reason)));
    }

    /// <summary>Whether any vote has been cast on this attempt (a payout's recipient no longer changes once one has).</summary>
    public static async Task<bool> AnyAsync(DbTransaction transaction, DecisionKind kind, long subjectId, int attempt = 1) =>
        await transaction.Connection!.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM decision_votes WHERE subject_kind = @Kind AND subject_id = @subjectId AND attempt = @attempt;",
            new { Kind = kind.ToString(), subjectId, attempt },
            transaction) > 0;

    /// <summary>A filter for proposals of <paramref name="kind"/> in <paramref name="alias"/>.id that nobody has rejected.</summary>
    public static string NotRejected(DecisionKind kind, string alias) =>
        $"NOT EXISTS (SELECT 1 FROM decision_votes v WHERE v.subject_kind = '{kind}' AND v.subject_id = {alias}.id AND v.decision = 'Reject')";

    /// <summary>The audit actions of earlier versions are kept, so the audit log reads the same before and after.</summary>
    private static string AuditPrefix(DecisionKind kind) => kind switch
    {
        DecisionKind.Pot or DecisionKind.Welfare => "approval",
        DecisionKind.PayoutPhone => "payout_phone",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
