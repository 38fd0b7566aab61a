namespace Chama.Core.Tests;

public class CurrenciesTests
{
    [Theory]
    [InlineData("KES", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("EUR", 2)]
    [InlineData("TZS", 2)]
    [InlineData("UGX", 0)]
    [InlineData("JPY", 0)]
    [InlineData("RWF", 0)]
    [InlineData("BIF", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("JOD", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLF", 4)]
    public void Each_currency_has_the_minor_units_ISO_4217_gives_it(string code, int digits) =>
        Assert.Equal(digits, Currencies.MinorUnits(code));

    [Fact]
    public void The_table_holds_every_active_currency_of_list_one_once()
    {
        Assert.Equal(167, Currencies.All.Count());
        Assert.All(Currencies.All, code => Assert.Matches("^[A-Z]{3}$", code));
        Assert.Equal(17, Currencies.All.Count(c => Currencies.MinorUnits(c) == 0));
        Assert.Equal(7, Currencies.All.Count(c => Currencies.MinorUnits(c) == 3));
    }

    [Theory]
    [InlineData("XAU")]
    [InlineData("XXX")]
    [InlineData("XTS")]
    [InlineData("KSH")]
    [InlineData("ABC")]
    [InlineData("")]
    [InlineData("shillings")]
    public void A_code_that_is_not_an_active_currency_is_refused(string code)
    {
        Assert.False(Currencies.IsKnown(code));
        Assert.Equal(ChamaError.UnknownCurrency, Assert.Throws<ChamaException>(() => Currencies.Parse(code)).Error);
        Assert.Equal(ChamaError.UnknownCurrency, Assert.Throws<ChamaException>(() => new Money(1, code)).Error);
    }

    [Theory]
    [InlineData("usd", "USD")]
    [InlineData(" GBP ", "GBP")]
    [InlineData("Ugx", "UGX")]
    public void An_operator_may_type_a_code_in_any_case(string typed, string code) => Assert.Equal(code, Currencies.Parse(typed));

    [Theory]
    [InlineData("KES", 100)]
    [InlineData("UGX", 1)]
    [InlineData("KWD", 1_000)]
    public void One_major_unit_is_as_many_minor_units_as_the_currency_has(string code, long minor) =>
        Assert.Equal(minor, Money.Major(1, code).Minor);
}
