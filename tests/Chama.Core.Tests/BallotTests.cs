using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

/// <summary>The one set of voting rules every kind of officers' decision is counted by.</summary>
public class BallotTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Member Treasurer = Member(1, "Grace Wanjiku", 1, MemberRoles.Treasurer);
    private static readonly Member Chair = Member(2, "Patrick Ochieng", 2, MemberRoles.Chair);
    private static readonly Member Secretary = Member(3, "Diana Mwangi", 3, MemberRoles.Secretary);

    private static OfficerDecision Approve(long officer, bool inForce = true) => new(officer, Decision.Approve, null, inForce);

    [Fact]
    public void The_concerned_members_approval_does_not_count() =>
        Assert.Equal(1, new Ballot([Approve(1), Approve(2)], 2, excluded: 1).Approvals);

    [Fact]
    public void One_officer_counts_once() => Assert.Equal(1, new Ballot([Approve(2), Approve(2), Approve(2)], 2).Approvals);

    [Fact]
    public void A_decision_is_carried_when_counting_approvals_reach_the_quorum()
    {
        Assert.False(new Ballot([Approve(2)], 2, excluded: 1).IsCarried);
        Assert.True(new Ballot([Approve(2), Approve(3)], 2, excluded: 1).IsCarried);
    }

    [Fact]
    public void One_rejection_closes_the_decision_whatever_the_approvals()
    {
        var ballot = new Ballot([Approve(2), Approve(3), new OfficerDecision(1, Decision.Reject, "not yet")], 2);
        Assert.True(ballot.IsRejected);
        Assert.False(ballot.IsCarried);
    }

    [Fact]
    public void An_approval_of_an_officer_whose_role_was_removed_mid_vote_no_longer_counts()
    {
        var ballot = new Ballot([Approve(2, inForce: false), Approve(3)], 2, excluded: 1);
        Assert.Equal(1, ballot.Approvals);
        Assert.False(ballot.IsCarried);
    }

    [Fact]
    public void A_plain_member_may_not_vote() =>
        Assert.Equal(VoteRefusal.NotAnOfficer, VoteRules.Check(Member(4, "Esther Njeri", 4), 1, new Ballot([], 2), Now));

    [Fact]
    public void An_officer_who_has_left_may_not_vote() =>
        Assert.Equal(VoteRefusal.NotAnOfficer, VoteRules.Check(Member(4, "Esther Njeri", 4, MemberRoles.Chair, active: false), 1, new Ballot([], 2), Now));

    [Fact]
    public void An_officer_of_another_chama_may_not_vote() =>
        Assert.Equal(VoteRefusal.NotAnOfficer, VoteRules.Check(Chair, chamaId: 99, new Ballot([], 2), Now));

    [Fact]
    public void The_member_a_decision_concerns_may_not_vote_on_it() =>
        Assert.Equal(VoteRefusal.Concerned, VoteRules.Check(Treasurer, 1, new Ballot([], 2, excluded: Treasurer.Id), Now));

    [Fact]
    public void An_officer_votes_once() =>
        Assert.Equal(VoteRefusal.AlreadyDecided, VoteRules.Check(Chair, 1, new Ballot([Approve(Chair.Id)], 2), Now));

    [Fact]
    public void A_vote_after_the_outcome_is_refused()
    {
        Assert.Equal(VoteRefusal.NotOpen, VoteRules.Check(Secretary, 1, new Ballot([Approve(1), Approve(2)], 2), Now));
        Assert.Equal(VoteRefusal.NotOpen, VoteRules.Check(Secretary, 1, new Ballot([new OfficerDecision(1, Decision.Reject, "no")], 2), Now));
    }

    [Fact]
    public void A_vote_at_or_after_the_lapse_is_refused()
    {
        Assert.Equal(VoteRefusal.Lapsed, VoteRules.Check(Chair, 1, new Ballot([], 2), Now, lapsesAt: Now));
        Assert.Null(VoteRules.Check(Chair, 1, new Ballot([], 2), Now, lapsesAt: Now.AddSeconds(1)));
    }

    [Fact]
    public void An_officer_not_concerned_may_vote_on_an_open_decision() =>
        Assert.Null(VoteRules.Check(Secretary, 1, new Ballot([Approve(Chair.Id)], 2, excluded: Treasurer.Id), Now));

    [Theory]
    [InlineData("P12", DecisionKind.Pot, 12)]
    [InlineData("w7", DecisionKind.Welfare, 7)]
    [InlineData("R4", DecisionKind.Rule, 4)]
    [InlineData("J3", DecisionKind.Join, 3)]
    [InlineData("S5", DecisionKind.Swap, 5)]
    [InlineData("O2", DecisionKind.Role, 2)]
    [InlineData("n6", DecisionKind.PayoutPhone, 6)]
    public void Every_kind_is_read_from_its_code(string code, DecisionKind kind, long id)
    {
        Assert.True(DecisionKinds.TryParseCode(code, out var readKind, out var readId));
        Assert.Equal((kind, id), (readKind, readId));
        Assert.Equal(code.ToUpperInvariant(), kind.Code(id));
    }

    [Theory]
    [InlineData("X12")]
    [InlineData("P")]
    [InlineData("P-1")]
    [InlineData("12")]
    public void Anything_else_is_no_decision_code(string text) => Assert.False(DecisionKinds.TryParseCode(text, out _, out _));
}
