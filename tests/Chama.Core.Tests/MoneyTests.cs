using Chama.Core;

namespace Chama.Core.Tests;

public class MoneyTests
{
    [Fact]
    public void Shillings_are_counted_in_cents()
    {
        Assert.Equal(1_000_000, Money.Kes(10_000).Minor);
        Assert.Equal("KES", Money.Kes(1).Currency);
    }

    [Theory]
    [InlineData(1_000_000, "KES 10,000")]
    [InlineData(3_000_000, "KES 30,000")]
    [InlineData(1_000_050, "KES 10,000.50")]
    [InlineData(5, "KES 0.05")]
    [InlineData(-25_000, "KES -250")]
    public void Formats_as_a_treasurer_writes_it(long minor, string expected) => Assert.Equal(expected, new Money(minor).ToString());

    [Fact]
    public void Adds_and_subtracts_exactly()
    {
        var sum = Money.Kes(3_333) + new Money(1);
        Assert.Equal(333_301, sum.Minor);
        Assert.Equal(Money.Kes(3_333), sum - new Money(1));
    }

    [Fact]
    public void Refuses_to_mix_currencies()
    {
        var kes = Money.Kes(100);
        var usd = Money.Major(100, "USD");
        Assert.Equal(ChamaError.CurrencyMismatch, Assert.Throws<ChamaException>(() => kes + usd).Error);
        Assert.Equal(ChamaError.CurrencyMismatch, Assert.Throws<ChamaException>(() => kes - usd).Error);
        Assert.Equal(ChamaError.CurrencyMismatch, Assert.Throws<ChamaException>(() => kes < usd).Error);
    }

    [Fact]
    public void Refuses_a_currency_that_is_not_an_iso_code() =>
        Assert.Equal(ChamaError.UnknownCurrency, Assert.Throws<ChamaException>(() => new Money(1, "shillings")).Error);

    [Fact]
    public void Default_money_is_zero_shillings() => Assert.Equal(Money.Zero(), default);

    [Fact]
    public void Overflow_is_refused_not_wrapped() =>
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
}
