namespace Chama.Core.Tests;

public class MoneyTextTests
{
    [Theory]
    [InlineData(125_000, "USD", "USD 1,250.00")]
    [InlineData(5_000, "GBP", "GBP 50.00")]
    [InlineData(5_050, "EUR", "EUR 50.50")]
    [InlineData(50_000, "UGX", "UGX 50,000")]
    [InlineData(3_000, "JPY", "JPY 3,000")]
    [InlineData(1_500, "BHD", "BHD 1.500")]
    [InlineData(-250, "GBP", "GBP -2.50")]
    [InlineData(1_000_000, "KES", "KES 10,000")]
    [InlineData(1_000_050, "KES", "KES 10,000.50")]
    public void Each_currency_is_written_with_its_own_minor_units(long minor, string currency, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).ToString());

    [Theory]
    [InlineData(150_000, "KES", "1500.00")]
    [InlineData(5_000, "GBP", "50.00")]
    [InlineData(50_000, "UGX", "50000")]
    [InlineData(-1_500, "BHD", "-1.500")]
    public void A_plain_amount_has_every_minor_digit_and_no_separators(long minor, string currency, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).FormatPlain());

    [Theory]
    [InlineData("5000", "KES", 500_000)]
    [InlineData("5,000", "KES", 500_000)]
    [InlineData(" KES 5000 ", "KES", 500_000)]
    [InlineData("ksh 12,500.00", "KES", 1_250_000)]
    [InlineData("Sh.250000", "KES", 25_000_000)]
    [InlineData("10.50", "KES", 1_050)]
    [InlineData("12.50", "USD", 1_250)]
    [InlineData("usd 1,250", "USD", 125_000)]
    [InlineData("GBP 50", "GBP", 5_000)]
    [InlineData("0.5", "EUR", 50)]
    [InlineData("50,000", "UGX", 50_000)]
    [InlineData("UGX 50000", "UGX", 50_000)]
    [InlineData("1.250", "KWD", 1_250)]
    public void Amounts_are_read_in_the_chamas_currency_as_members_write_them(string text, string currency, long minor)
    {
        Assert.True(Money.TryParse(text, currency, out var amount));
        Assert.Equal(new Money(minor, currency), amount);
    }

    [Theory]
    [InlineData("12.5", "UGX")]
    [InlineData("50000.00", "UGX")]
    [InlineData("12.505", "USD")]
    [InlineData("1.2345", "KWD")]
    [InlineData("KES 50", "GBP")]
    [InlineData("Ksh 50", "USD")]
    [InlineData("USD 50", "KES")]
    [InlineData("", "KES")]
    [InlineData("0", "KES")]
    [InlineData("0.00", "USD")]
    [InlineData("-5", "KES")]
    [InlineData("ten", "KES")]
    [InlineData("5,00", "KES")]
    [InlineData("1e5", "KES")]
    [InlineData("9999999999999", "UGX")]
    public void Anything_else_is_not_an_amount_of_that_currency(string text, string currency) =>
        Assert.False(Money.TryParse(text, currency, out _));

    [Fact]
    public void Whole_major_units_are_what_a_shillings_only_provider_is_given()
    {
        Assert.Equal(1_500, Money.Kes(1_500).ToWholeMajor());
        Assert.Equal(50_000, Money.Major(50_000, "UGX").ToWholeMajor());
        Assert.False(new Money(1_050).IsWholeMajor);
        Assert.Equal(ChamaError.InvalidAmount, Assert.Throws<ChamaException>(() => new Money(1_050).ToWholeMajor()).Error);
    }
}
