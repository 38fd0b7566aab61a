using Chama.Core;

namespace Chama.Core.Tests;

public class WelfareAndApprovalTests
{
    [Fact]
    public void A_welfare_payout_never_exceeds_the_fund() =>
        Assert.Equal(
            ChamaError.InsufficientWelfareFunds,
            Assert.Throws<ChamaException>(() => WelfareFund.EnsureCanPay(Money.Kes(2_000), Money.Kes(2_001))).Error);

    [Fact]
    public void A_welfare_payout_may_empty_the_fund() => WelfareFund.EnsureCanPay(Money.Kes(2_000), Money.Kes(2_000));

    [Fact]
    public void The_recipients_own_approval_does_not_count() =>
        Assert.Equal(1, ApprovalRules.CountingApprovals([7, 8], recipientMemberId: 7));

    [Fact]
    public void One_officer_counts_once() => Assert.Equal(1, ApprovalRules.CountingApprovals([8, 8, 8], recipientMemberId: 7));

    [Fact]
    public void Two_officers_approve_by_default()
    {
        var rules = Constitution.Monthly(Money.Kes(10_000));
        Assert.Equal(2, rules.ApprovalsRequired);
        Assert.False(ApprovalRules.IsApproved([8], 7, rules));
        Assert.True(ApprovalRules.IsApproved([8, 9], 7, rules));
    }

    [Fact]
    public void A_constitution_with_no_contribution_is_refused() =>
        Assert.Equal(ChamaError.InvalidConstitution, Assert.Throws<ChamaException>(() => Constitution.Monthly(Money.Zero()).Validated()).Error);

    [Fact]
    public void A_constitution_mixing_currencies_is_refused() =>
        Assert.Equal(
            ChamaError.CurrencyMismatch,
            Assert.Throws<ChamaException>(() => (Constitution.Monthly(Money.Kes(100)) with { LateFine = Money.Major(1, "USD") }).Validated()).Error);
}
