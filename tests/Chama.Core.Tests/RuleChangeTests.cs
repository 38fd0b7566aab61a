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
        Assert.Equal(Rules with { Frequency = MeetingFrequency.Weekly }, new RuleChange(ConstitutionRule.Frequency, (long)MeetingFrequency.Weekly).ApplyTo(Rules));
        Assert.Equal(Rules with { WelfareLevy = Money.Kes(100) }, new RuleChange(ConstitutionRule.Levy, 100).ApplyTo(Rules));
        Assert.Equal(Rules with { WelfarePayoutLimit = Money.Kes(20_000) }, new RuleChange(ConstitutionRule.WelfareLimit, 20_000).ApplyTo(Rules));
        Assert.Equal(Rules with { FineCap = Money.Kes(1_000) }, new RuleChange(ConstitutionRule.FineCap, 1_000).ApplyTo(Rules));
        Assert.Equal(Rules with { ExitDeductionPercent = 10 }, new RuleChange(ConstitutionRule.ExitDeduction, 10).ApplyTo(Rules));
        var capped = Rules with { FineCap = Money.Kes(1_000) };
        Assert.Equal(capped with { FineMode = FineMode.PerDay }, new RuleChange(ConstitutionRule.FineMode, (long)FineMode.PerDay).ApplyTo(capped));
        Assert.Null(new RuleChange(ConstitutionRule.WelfareLimit, 0).ApplyTo(Rules with { WelfarePayoutLimit = Money.Kes(5) }).WelfarePayoutLimit);
    }

    [Theory]
    [InlineData("FREQUENCY", "weekly", ConstitutionRule.Frequency, (long)MeetingFrequency.Weekly)]
    [InlineData("MARA", "WIKIMBILI", ConstitutionRule.Frequency, (long)MeetingFrequency.Fortnightly)]
    [InlineData("FINEMODE", "DAY", ConstitutionRule.FineMode, (long)FineMode.PerDay)]
    [InlineData("AINAFAINI", "maramoja", ConstitutionRule.FineMode, (long)FineMode.Flat)]
    [InlineData("KIKOMO", "20,000", ConstitutionRule.WelfareLimit, 20_000L)]
    [InlineData("EXIT", "10", ConstitutionRule.ExitDeduction, 10L)]
    public void The_new_rules_are_read_by_name_in_either_language(string name, string value, ConstitutionRule rule, long expected) =>
        Assert.Equal(new RuleChange(rule, expected), RuleChange.TryParse(name, value));

    [Theory]
    [InlineData("FREQUENCY", "daily")]
    [InlineData("FINEMODE", "200")]
    public void A_choice_not_known_is_not_understood(string name, string value) => Assert.Null(RuleChange.TryParse(name, value));

    [Theory]
    [InlineData(ConstitutionRule.Contribution, 0L)]
    [InlineData(ConstitutionRule.Quorum, 0L)]
    [InlineData(ConstitutionRule.Grace, 32L)]
    [InlineData(ConstitutionRule.Cooling, 169L)]
    [InlineData(ConstitutionRule.ExitDeduction, 101L)]
    [InlineData(ConstitutionRule.FineMode, 1L)]
    [InlineData(ConstitutionRule.Frequency, 7L)]
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
