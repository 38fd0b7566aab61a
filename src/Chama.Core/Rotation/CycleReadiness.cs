namespace Chama.Core;

/// <summary>A condition a cycle needs before it may start, and which one is missing.</summary>
public enum CycleGap
{
    /// <summary>The chama waits for the operator's approval (<c>Onboarding:RequireApproval</c>).</summary>
    AwaitsApproval,

    /// <summary>Fewer than two members have accepted: a rotation of one pays a member their own money.</summary>
    TooFewMembers,

    /// <summary>Seats offered to invitees who have not accepted yet (<see cref="CycleReadiness.OpenSeats"/>).</summary>
    SeatsNotAccepted,

    /// <summary>Some pot could never reach the officers' quorum (<see cref="CycleReadiness.Quorum"/>).</summary>
    QuorumUnreachable,

    /// <summary>The first meeting has already passed: every round so far would be fined at once.</summary>
    MeetingPassed,

    /// <summary>The first meeting is more than a year ahead (a mistyped year).</summary>
    MeetingTooFar,

    /// <summary>The chama keeps savings instead of a rotation (its contribution is zero): there is no pot to rotate.</summary>
    NoRotation,
}

/// <summary>
/// Whether a chama may start its next cycle, and every condition that is missing (not only the first), so that the
/// officer who asks can mend them all: enough members who accepted, every offered seat accepted, a quorum every pot can
/// reach, and a first meeting today or later. Every door that starts a cycle (chat, dashboard, operator) asks this inside
/// the transaction that starts it.
/// </summary>
public sealed record CycleReadiness(IReadOnlyList<CycleGap> Gaps, QuorumCheck Quorum, IReadOnlyList<int> OpenSeats, DateOnly StartsOn, int Members)
{
    public bool IsReady => Gaps.Count == 0;

    /// <param name="chama">The chama: its quorum, and whether it still awaits the operator's approval.</param>
    /// <param name="members">The chama's members (inactive ones are ignored).</param>
    /// <param name="openSeats">Seats held by invitations not yet accepted.</param>
    public static CycleReadiness Check(ChamaGroup chama, IEnumerable<Member> members, IEnumerable<int> openSeats, DateOnly startsOn, DateOnly today)
    {
        var active = members.Where(m => m.Active).ToList();
        var open = openSeats.Order().ToList();
        var quorum = QuorumReach.Check(active, chama.Constitution.ApprovalsRequired);
        var gaps = new List<CycleGap>();
        if (chama.AwaitsApproval)
        {
            gaps.Add(CycleGap.AwaitsApproval);
        }

        if (!chama.Constitution.Rotates)
        {
            gaps.Add(CycleGap.NoRotation);
        }

        if (active.Count < 2)
        {
            gaps.Add(CycleGap.TooFewMembers);
        }

        if (open.Count > 0)
        {
            gaps.Add(CycleGap.SeatsNotAccepted);
        }

        if (!quorum.CanAlwaysBeReached)
        {
            gaps.Add(CycleGap.QuorumUnreachable);
        }

        if (Cycle.FirstMeetingGap(startsOn, today) is { } meeting)
        {
            gaps.Add(meeting);
        }

        return new CycleReadiness(gaps, quorum, open, startsOn, active.Count);
    }

    /// <summary>Refuses to start when something is missing; nothing has been written when it throws.</summary>
    public void Ensure()
    {
        if (!IsReady)
        {
            throw new ChamaException(ChamaError.CycleNotReady, $"The cycle cannot start yet: {string.Join(", ", Gaps)}.") { Facts = this };
        }
    }
}
