namespace Chama.Core.Tests.Loans;

public class RepaymentSplitTests
{
    [Theory]
    [InlineData(50, 100, 300, 5_000, 50, 0, 0, 0)]          // less than the penalty: all to the penalty
    [InlineData(250, 100, 300, 5_000, 100, 150, 0, 0)]      // penalty, then part of the interest
    [InlineData(1_000, 100, 300, 5_000, 100, 300, 600, 0)]  // penalty, interest, then principal
    [InlineData(6_000, 100, 300, 5_000, 100, 300, 5_000, 600)] // more than is owed: the rest is excess
    [InlineData(1_000, 0, 0, 5_000, 0, 0, 1_000, 0)]        // nothing charged yet: all principal
    [InlineData(1_000, 0, 0, 0, 0, 0, 0, 1_000)]            // a repaid loan: all excess
    public void A_repayment_goes_to_the_penalty_then_the_interest_then_the_principal_and_the_rest_is_excess(
        long amount, long penaltyOwed, long interestOwed, long principal, long penalty, long interest, long toPrincipal, long excess)
    {
        var split = RepaymentSplit.Apply(Money.Kes(amount), Money.Kes(penaltyOwed), Money.Kes(interestOwed), Money.Kes(principal));

        Assert.Equal(new RepaymentSplit(Money.Kes(penalty), Money.Kes(interest), Money.Kes(toPrincipal), Money.Kes(excess)), split);
        Assert.Equal(Money.Kes(amount), split.Parts.Total + split.Excess);
    }

    [Theory]
    [InlineData(0, 0, 0, 100)]
    [InlineData(-100, 0, 0, 100)]
    [InlineData(100, -1, 0, 100)]
    [InlineData(100, 0, -1, 100)]
    [InlineData(100, 0, 0, -1)]
    public void A_repayment_of_nothing_or_against_negative_debts_is_refused(long amount, long penalty, long interest, long principal) =>
        Assert.Equal(
            ChamaError.InvalidAmount,
            Assert.Throws<ChamaException>(() => RepaymentSplit.Apply(new Money(amount), new Money(penalty), new Money(interest), new Money(principal))).Error);

    [Fact]
    public void A_repayment_in_another_currency_than_the_loan_is_refused() =>
        Assert.Equal(
            ChamaError.CurrencyMismatch,
            Assert.Throws<ChamaException>(() => RepaymentSplit.Apply(new Money(100, "USD"), Money.Kes(0), Money.Kes(0), Money.Kes(100))).Error);
}
