namespace Chama.Core;

public enum Decision
{
    Approve,
    Reject,
}

/// <summary>
/// One officer's recorded vote. <paramref name="InForce"/> is whether the voter is an active officer of the chama now:
/// an approval counts only while its officer still holds the role when the decision is made.
/// </summary>
public sealed record OfficerDecision(long OfficerMemberId, Decision Decision, string? Reason, bool InForce = true);

/// <summary>
/// The votes on one decision and how they count, for every kind alike. Distinct officers' approvals count, except those
/// of the members the decision concerns (<paramref name="Excluded"/>: a payout's recipient, a swap's parties, the member
/// whose role or phone changes) and of officers who have since lost their role; one rejection closes the decision; the
/// decision is carried when the counting approvals reach <paramref name="Required"/>, the quorum in force.
/// </summary>
public sealed record Ballot(IReadOnlyList<OfficerDecision> Votes, int Required, IReadOnlySet<long> Excluded)
{
    public Ballot(IReadOnlyList<OfficerDecision> votes, int required, params long[] excluded)
        : this(votes, required, (IReadOnlySet<long>)excluded.ToHashSet())
    {
    }

    public int Approvals => Votes
        .Where(v => v.Decision == Decision.Approve && v.InForce && !Excluded.Contains(v.OfficerMemberId))
        .Select(v => v.OfficerMemberId)
        .Distinct()
        .Count();

    public bool IsRejected => Votes.Any(v => v.Decision == Decision.Reject);

    public bool IsCarried => !IsRejected && Approvals >= Required;

    /// <summary>The decision's effect is made (a rule in force, a member joined): whatever the quorum now, it is closed.</summary>
    public bool Done { get; init; }

    public bool IsOpen => !Done && !IsRejected && !IsCarried;

    public bool HasVoted(long memberId) => Votes.Any(v => v.OfficerMemberId == memberId);

    public Ballot With(OfficerDecision vote) => this with { Votes = [.. Votes, vote] };
}

/// <summary>Why a vote is not taken; nothing is recorded.</summary>
public enum VoteRefusal
{
    NotAnOfficer,

    /// <summary>The decision concerns the voter: their own payout, swap, role or phone.</summary>
    Concerned,
    AlreadyDecided,

    /// <summary>Decided already (carried or rejected), or no longer up for decision.</summary>
    NotOpen,

    /// <summary>Its time ran out undecided.</summary>
    Lapsed,
}

/// <summary>Who may vote: an active officer of the chama, not concerned by the decision, once, while it is open.</summary>
public static class VoteRules
{
    public static VoteRefusal? Check(Member voter, long chamaId, Ballot ballot, DateTimeOffset now, DateTimeOffset? lapsesAt = null)
    {
        if (!voter.IsOfficer || !voter.Active || voter.ChamaId != chamaId)
        {
            return VoteRefusal.NotAnOfficer;
        }

        if (!ballot.IsOpen)
        {
            return VoteRefusal.NotOpen;
        }

        if (lapsesAt is { } lapse && now >= lapse)
        {
            return VoteRefusal.Lapsed;
        }

        if (ballot.Excluded.Contains(voter.Id))
        {
            return VoteRefusal.Concerned;
        }

        return ballot.HasVoted(voter.Id) ? VoteRefusal.AlreadyDecided : null;
    }
}
