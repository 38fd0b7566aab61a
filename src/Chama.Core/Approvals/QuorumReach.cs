namespace Chama.Core;

/// <summary>A member whose payout (pot or welfare) could not reach its quorum: fewer officers may vote on it than are required.</summary>
public sealed record QuorumShortfall(Member Recipient, int Voters);

/// <summary>
/// Whether every payout a chama may make can reach its quorum. <see cref="Shortfalls"/> names the members whose payout
/// could not; <see cref="ReachableQuorum"/> is the largest quorum every payout can reach (0 when some payout has no
/// officer at all who may vote on it) and <see cref="OfficersShort"/> how many more officers would let the quorum stand.
/// </summary>
public sealed record QuorumCheck(int Required, IReadOnlyList<QuorumShortfall> Shortfalls, int ReachableQuorum, int OfficersShort)
{
    public bool CanAlwaysBeReached => Shortfalls.Count == 0;

    /// <summary>The refusal, in the operator's and the dashboard's words; the chat words it from the same facts in templates.</summary>
    public string Explain()
    {
        if (CanAlwaysBeReached)
        {
            return "Every payout can reach its quorum.";
        }

        var names = string.Join(", ", Shortfalls.Select(s => s.Recipient.Name));
        var voters = Shortfalls.Min(s => s.Voters);
        var lower = ReachableQuorum >= 1 ? $"lower the approvals required to {ReachableQuorum}, or " : "";
        return $"A payout to {names} could never be approved: {Required} officers' approvals are required and only {voters} " +
               $"other officer{(voters == 1 ? "" : "s")} may approve it. To fix it, {lower}make {OfficersShort} more member{(OfficersShort == 1 ? "" : "s")} officer{(OfficersShort == 1 ? "" : "s")}.";
    }
}

/// <summary>
/// Dual control must never deadlock: the officers who may vote on a payout are the active officers other than its
/// recipient (or welfare requester), and every active member may receive a pot or ask for welfare, so each of them
/// needs at least the quorum of other officers. Every door that changes officers, members or the quorum asks this first.
/// </summary>
public static class QuorumReach
{
    public static QuorumCheck Check(IEnumerable<Member> members, int approvalsRequired)
    {
        var active = members.Where(m => m.Active).ToList();
        var officers = active.Count(m => m.IsOfficer);
        var voters = active.Select(m => new QuorumShortfall(m, officers - (m.IsOfficer ? 1 : 0))).ToList();
        var shortfalls = voters.Where(v => v.Voters < approvalsRequired).ToList();
        var fewest = voters.Count == 0 ? officers : voters.Min(v => v.Voters);
        return new QuorumCheck(approvalsRequired, shortfalls, fewest, Math.Max(0, approvalsRequired - fewest));
    }

    /// <summary>Refuses a state in which some payout could not reach its quorum; nothing has been changed when it throws.</summary>
    public static void Ensure(IEnumerable<Member> members, int approvalsRequired)
    {
        var check = Check(members, approvalsRequired);
        if (!check.CanAlwaysBeReached)
        {
            throw new ChamaException(ChamaError.QuorumUnreachable, check.Explain()) { Facts = check };
        }
    }
}
