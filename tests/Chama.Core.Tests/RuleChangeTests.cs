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

    [Fact]
    public void A_lending_rule_changes_only_its_own_field_of_the_lending_rules()
    {
        Assert.Equal(Rules with { Savings = Money.Kes(1_000) }, new RuleChange(ConstitutionRule.Savings, 1_000).ApplyTo(Rules));
        Assert.Equal(Rules with { Loans = LoanRules.None with { SavingsMultiple = 3 } }, new RuleChange(ConstitutionRule.LoanMultiple, 3).ApplyTo(Rules));
        var lending = Rules with { Loans = LoanRules.None with { SavingsMultiple = 3 } };
        Assert.Equal(lending with { Loans = lending.Lending with { MonthlyRateBasisPoints = 150 } }, new RuleChange(ConstitutionRule.InterestRate, 150).ApplyTo(lending));
        Assert.Equal(lending with { Loans = lending.Lending with { Cap = Money.Kes(50_000) } }, new RuleChange(ConstitutionRule.LoanCap, 50_000).ApplyTo(lending));
        Assert.Equal(lending with { Loans = lending.Lending with { Guarantors = 0, GuaranteePercent = 0 } },
            new RuleChange(ConstitutionRule.Guarantors, 0).ApplyTo(new RuleChange(ConstitutionRule.GuaranteeShare, 0).ApplyTo(lending)));
        Assert.False(Rules.Lending.Lends);
    }

    [Fact]
    public void A_chama_that_keeps_savings_may_drop_its_rotation_but_not_both()
    {
        var saving = new RuleChange(ConstitutionRule.Savings, 1_000).ApplyTo(Rules);

        var savingsOnly = new RuleChange(ConstitutionRule.Contribution, 0).ApplyTo(saving);

        Assert.Equal((false, Money.Kes(1_000)), (savingsOnly.Rotates, savingsOnly.SavingsPerMeeting));
        Assert.Equal(ChamaError.InvalidConstitution, Assert.Throws<ChamaException>(() => new RuleChange(ConstitutionRule.Savings, 0).ApplyTo(savingsOnly)).Error);
    }

    [Fact]
    public void Guarantors_who_pledge_nothing_cannot_be_dropped_while_a_pledge_is_required() =>
        Assert.Equal(ChamaError.InvalidConstitution, Assert.Throws<ChamaException>(() => new RuleChange(ConstitutionRule.Guarantors, 0).ApplyTo(Rules)).Error);

    [Theory]
    [InlineData("FREQUENCY", "weekly", ConstitutionRule.Frequency, (long)MeetingFrequency.Weekly)]
    [InlineData("MARA", "WIKIMBILI", ConstitutionRule.Frequency, (long)MeetingFrequency.Fortnightly)]
    [InlineData("FINEMODE", "DAY", ConstitutionRule.FineMode, (long)FineMode.PerDay)]
    [InlineData("AINAFAINI", "maramoja", ConstitutionRule.FineMode, (long)FineMode.Flat)]
    [InlineData("KIKOMO", "20,000", ConstitutionRule.WelfareLimit, 20_000L)]
    [InlineData("EXIT", "10", ConstitutionRule.ExitDeduction, 10L)]
    [InlineData("SAVINGS", "1,000", ConstitutionRule.Savings, 1_000L)]
    [InlineData("AKIBA", "0", ConstitutionRule.Savings, 0L)]
    [InlineData("LOANMULTIPLE", "3", ConstitutionRule.LoanMultiple, 3L)]
    [InlineData("RIBA", "1.5", ConstitutionRule.InterestRate, 150L)]
    [InlineData("INTEREST", "2", ConstitutionRule.InterestRate, 200L)]
    [InlineData("INTERESTMODE", "reducing", ConstitutionRule.InterestMethod, (long)InterestMethod.Reducing)]
    [InlineData("AINARIBA", "SAWA", ConstitutionRule.InterestMethod, (long)InterestMethod.Flat)]
    [InlineData("WADHAMINI", "2", ConstitutionRule.Guarantors, 2L)]
    [InlineData("LENDLIMIT", "75", ConstitutionRule.LendLimit, 75L)]
    public void The_new_rules_are_read_by_name_in_either_language(string name, string value, ConstitutionRule rule, long expected) =>
        Assert.Equal(new RuleChange(rule, expected), RuleChange.TryParse(name, value));

    [Theory]
    [InlineData("FREQUENCY", "daily")]
    [InlineData("FINEMODE", "200")]
    [InlineData("INTEREST", "1.555")]
    [InlineData("INTEREST", "-1")]
    [InlineData("INTERESTMODE", "daily")]
    public void A_choice_not_known_is_not_understood(string name, string value) => Assert.Null(RuleChange.TryParse(name, value));

    [Theory]
    [InlineData(ConstitutionRule.Contribution, 0L)]
    [InlineData(ConstitutionRule.Quorum, 0L)]
    [InlineData(ConstitutionRule.Grace, 32L)]
    [InlineData(ConstitutionRule.Cooling, 169L)]
    [InlineData(ConstitutionRule.ExitDeduction, 101L)]
    [InlineData(ConstitutionRule.FineMode, 1L)]
    [InlineData(ConstitutionRule.Frequency, 7L)]
    [InlineData(ConstitutionRule.LoanMultiple, 101L)]
    [InlineData(ConstitutionRule.InterestRate, 10_001L)]
    [InlineData(ConstitutionRule.LoanTerm, 0L)]
    [InlineData(ConstitutionRule.LoanTerm, 61L)]
    [InlineData(ConstitutionRule.GuaranteeShare, 101L)]
    [InlineData(ConstitutionRule.DefaultAfter, 0L)]
    [InlineData(ConstitutionRule.InterestMethod, 2L)]
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
