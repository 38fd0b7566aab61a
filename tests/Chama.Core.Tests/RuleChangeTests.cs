using Chama.Core;

namespace Chama.Core.Tests;

public class RuleChangeTests
{
    private static readonly Constitution Rules = Constitution.Monthly(Money.Kes(10_000));

    [Fact]
    public void Each_rule_changes_only_its_own_field()
    {
        Assert.Equal(Rules with { ContributionAmount = Money.Kes(12_000) }, new RuleChange(ConstitutionRule.Contribution, 12_000).ApplyTo(Rules));
        Assert.Equal(Rules with { LateFine = Money.Kes(200) }, new RuleChange(ConstitutionRule.Fine, 200).ApplyTo(Rules));
        Assert.Equal(Rules with { GraceDays = 5 }, new RuleChange(ConstitutionRule.Grace, 5).ApplyTo(Rules));
        Assert.Equal(Rules with { ApprovalsRequired = 3 }, new RuleChange(ConstitutionRule.Quorum, 3).ApplyTo(Rules));
        Assert.Equal(Rules with { WelfareCoolingOffHours = 0 }, new RuleChange(ConstitutionRule.Cooling, 0).ApplyTo(Rules));
        Assert.Equal(Rules with { MembersMaySeePending = false }, new RuleChange(ConstitutionRule.Pending, 0).ApplyTo(Rules));
    }

    [Theory]
    [InlineData(ConstitutionRule.Contribution, 0L)]
    [InlineData(ConstitutionRule.Quorum, 0L)]
    [InlineData(ConstitutionRule.Grace, 32L)]
    [InlineData(ConstitutionRule.Cooling, 169L)]
    public void A_rule_the_chama_cannot_run_by_is_refused(ConstitutionRule rule, long value) =>
        Assert.Equal(ChamaError.InvalidConstitution, Assert.Throws<ChamaException>(() => new RuleChange(rule, value).ApplyTo(Rules)).Error);

    [Fact]
    public void The_proposer_and_each_officer_count_once_and_one_rejection_closes_it()
    {
        var proposal = new RuleProposal(4, 1, 10, new RuleChange(ConstitutionRule.Fine, 200), [new OfficerDecision(10, Decision.Approve, null)], 2, null);
        Assert.Equal(("R4", 1, false, true), (proposal.Code, proposal.Approvals, proposal.HasQuorum, proposal.IsOpen));

        var twice = proposal with { Decisions = [.. proposal.Decisions, new OfficerDecision(10, Decision.Approve, null)] };
        Assert.False(twice.HasQuorum);

        var rejected = proposal with { Decisions = [.. proposal.Decisions, new OfficerDecision(11, Decision.Reject, "no")] };
        Assert.Equal((false, false), (rejected.HasQuorum, rejected.IsOpen));
    }
}
