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
    public void Two_officers_approve_by_default() => Assert.Equal(2, Constitution.Monthly(Money.Kes(10_000)).ApprovalsRequired);

    [Fact]
    public void A_constitution_with_no_contribution_is_refused() =>
        Assert.Equal(ChamaError.InvalidConstitution, Assert.Throws<ChamaException>(() => Constitution.Monthly(Money.Zero()).Validated()).Error);

    [Fact]
    public void A_constitution_mixing_currencies_is_refused() =>
        Assert.Equal(
            ChamaError.CurrencyMismatch,
            Assert.Throws<ChamaException>(() => (Constitution.Monthly(Money.Kes(100)) with { LateFine = Money.Major(1, "USD") }).Validated()).Error);
}
