using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

public class CycleReadinessTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static ChamaGroup Jirani(int quorum) => new(1, "Jirani", "JIRANI", Constitution.Monthly(Money.Kes(500)) with { ApprovalsRequired = quorum });

    /// <summary>Umoja with Diana as secretary: three officers, so every pot reaches a quorum of two.</summary>
    private static IReadOnlyList<Member> Ready() =>
        [.. Umoja().Select(m => m.Seat == 3 ? m with { Roles = MemberRoles.Secretary } : m)];

    [Fact]
    public void A_chama_with_accepted_seats_a_reachable_quorum_and_a_meeting_ahead_is_ready()
    {
        var readiness = CycleReadiness.Check(Jirani(2), Ready(), openSeats: [], startsOn: Today, today: Today);

        Assert.True(readiness.IsReady);
        Assert.Empty(readiness.Gaps);
    }

    [Fact]
    public void A_seat_whose_invitee_has_not_accepted_stops_the_start_and_is_named()
    {
        var readiness = CycleReadiness.Check(Jirani(2), Ready(), openSeats: [6, 5], Today.AddDays(7), Today);

        Assert.Equal([CycleGap.SeatsNotAccepted], readiness.Gaps);
        Assert.Equal([5, 6], readiness.OpenSeats);
    }

    [Fact]
    public void A_pot_that_could_never_reach_the_quorum_stops_the_start()
    {
        var readiness = CycleReadiness.Check(Jirani(2), Umoja(), [], Today, Today);

        Assert.Equal([CycleGap.QuorumUnreachable], readiness.Gaps);
        Assert.Equal(["Grace Wanjiku", "Patrick Ochieng"], readiness.Quorum.Shortfalls.Select(s => s.Recipient.Name));
    }

    [Fact]
    public void A_chama_that_keeps_savings_instead_of_a_rotation_starts_no_cycle()
    {
        var savingsOnly = Jirani(2) with { Constitution = Constitution.Monthly(Money.Kes(500)) with { ContributionAmount = Money.Kes(0), Savings = Money.Kes(1_000) } };

        Assert.Equal([CycleGap.NoRotation], CycleReadiness.Check(savingsOnly, Ready(), [], Today, Today).Gaps);
    }

    [Fact]
    public void A_first_meeting_already_past_stops_the_start() =>
        Assert.Equal([CycleGap.MeetingPassed], CycleReadiness.Check(Jirani(2), Ready(), [], Today.AddDays(-1), Today).Gaps);

    [Fact]
    public void A_first_meeting_more_than_a_year_ahead_stops_the_start() =>
        Assert.Equal([CycleGap.MeetingTooFar], CycleReadiness.Check(Jirani(2), Ready(), [], Today.AddDays(Cycle.MaxDaysAhead + 1), Today).Gaps);

    [Fact]
    public void A_founder_alone_cannot_start_a_rotation()
    {
        var founder = Member(1, "Grace Wanjiku", 1, MemberRoles.Chair);

        var readiness = CycleReadiness.Check(Jirani(1), [founder, Member(2, "Patrick Ochieng", 2, active: false)], [], Today, Today);

        Assert.Contains(CycleGap.TooFewMembers, readiness.Gaps);
        Assert.Equal(1, readiness.Members);
    }

    [Fact]
    public void A_chama_awaiting_the_operators_approval_cannot_start() =>
        Assert.Equal([CycleGap.AwaitsApproval], CycleReadiness.Check(Jirani(2) with { AwaitsApproval = true }, Ready(), [], Today, Today).Gaps);

    [Fact]
    public void Every_missing_condition_is_listed_at_once_not_only_the_first()
    {
        var readiness = CycleReadiness.Check(Jirani(2), Umoja(), [5], Today.AddDays(-3), Today);

        Assert.Equal([CycleGap.SeatsNotAccepted, CycleGap.QuorumUnreachable, CycleGap.MeetingPassed], readiness.Gaps);
    }

    [Fact]
    public void Starting_when_not_ready_is_refused_with_the_readiness_as_its_facts()
    {
        var readiness = CycleReadiness.Check(Jirani(2), Umoja(), [5], Today, Today);

        var refused = Assert.Throws<ChamaException>(readiness.Ensure);

        Assert.Equal(ChamaError.CycleNotReady, refused.Error);
        Assert.Same(readiness, refused.Facts);
    }
}
