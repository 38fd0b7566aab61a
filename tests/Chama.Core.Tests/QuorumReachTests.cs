using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

public class QuorumReachTests
{
    private static IReadOnlyList<Member> WithDianaAsSecretary() =>
        [.. Umoja().Select(m => m.Name.StartsWith("Diana", StringComparison.Ordinal) ? m with { Roles = MemberRoles.Secretary } : m)];

    [Fact]
    public void Two_officers_cannot_approve_each_others_pot_under_a_quorum_of_two()
    {
        var check = QuorumReach.Check(Umoja(), approvalsRequired: 2);

        Assert.False(check.CanAlwaysBeReached);
        Assert.Equal(["Grace Wanjiku", "Patrick Ochieng"], check.Shortfalls.Select(s => s.Recipient.Name));
        Assert.All(check.Shortfalls, s => Assert.Equal(1, s.Voters));
    }

    [Fact]
    public void The_refusal_offers_a_lower_quorum_or_another_officer()
    {
        var check = QuorumReach.Check(Umoja(), approvalsRequired: 2);

        Assert.Equal(1, check.ReachableQuorum);
        Assert.Equal(1, check.OfficersShort);
        Assert.Contains("lower the approvals required to 1", check.Explain(), StringComparison.Ordinal);
        Assert.Contains("make 1 more member officer", check.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_third_officer_lets_every_pot_reach_a_quorum_of_two() =>
        Assert.True(QuorumReach.Check(WithDianaAsSecretary(), approvalsRequired: 2).CanAlwaysBeReached);

    [Fact]
    public void Three_officers_cannot_reach_a_quorum_of_three_on_their_own_pots()
    {
        var check = QuorumReach.Check(WithDianaAsSecretary(), approvalsRequired: 3);

        Assert.Equal(["Grace Wanjiku", "Patrick Ochieng", "Diana Mwangi"], check.Shortfalls.Select(s => s.Recipient.Name));
        Assert.Equal(2, check.ReachableQuorum);
        Assert.Equal(1, check.OfficersShort);
    }

    [Fact]
    public void A_welfare_request_from_a_plain_member_needs_as_many_officers_as_the_quorum()
    {
        // Every officer may vote on a plain member's request, so with one officer a quorum of two fails for everyone.
        Member[] members = [Member(1, "Grace Wanjiku", 1, MemberRoles.Treasurer), Member(4, "Samuel Kimani", 4)];

        var check = QuorumReach.Check(members, approvalsRequired: 2);

        Assert.Equal(["Grace Wanjiku", "Samuel Kimani"], check.Shortfalls.Select(s => s.Recipient.Name));
        Assert.Equal(2, check.OfficersShort);
    }

    [Fact]
    public void A_lone_officers_own_payout_has_nobody_to_approve_it_so_only_another_officer_fixes_it()
    {
        Member[] members = [Member(1, "Grace Wanjiku", 1, MemberRoles.Treasurer), Member(4, "Samuel Kimani", 4)];

        var check = QuorumReach.Check(members, approvalsRequired: 1);

        Assert.Equal(["Grace Wanjiku"], check.Shortfalls.Select(s => s.Recipient.Name));
        Assert.Equal(0, check.ReachableQuorum);
        Assert.DoesNotContain("lower", check.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Members_who_left_neither_vote_nor_receive()
    {
        var members = WithDianaAsSecretary().Select(m => m.Name.StartsWith("Diana", StringComparison.Ordinal) ? m with { Active = false } : m);

        var check = QuorumReach.Check(members, approvalsRequired: 2);

        Assert.DoesNotContain(check.Shortfalls, s => s.Recipient.Name.StartsWith("Diana", StringComparison.Ordinal));
        Assert.Equal(2, check.Shortfalls.Count);
    }

    [Fact]
    public void An_unreachable_quorum_is_refused_with_its_own_code_and_facts()
    {
        var refused = Assert.Throws<ChamaException>(() => QuorumReach.Ensure(Umoja(), approvalsRequired: 2));

        Assert.Equal(ChamaError.QuorumUnreachable, refused.Error);
        Assert.Equal(2, Assert.IsType<QuorumCheck>(refused.Facts).Shortfalls.Count);
    }

    [Fact]
    public void A_reachable_quorum_is_accepted() => QuorumReach.Ensure(WithDianaAsSecretary(), approvalsRequired: 2);
}
