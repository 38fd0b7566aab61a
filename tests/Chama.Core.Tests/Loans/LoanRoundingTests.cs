namespace Chama.Core.Tests.Loans;

public class LoanRoundingTests
{
    [Theory]
    [InlineData("KES", 100)]
    [InlineData("USD", 1)]
    [InlineData("TZS", 1)]
    [InlineData("UGX", 1)]
    [InlineData("KWD", 1)]
    public void Loan_figures_are_whole_shillings_for_a_KES_chama_and_the_minor_unit_otherwise(string currency, long unit) =>
        Assert.Equal(unit, LoanRounding.UnitOf(currency));

    [Theory]
    [InlineData("150", "KES", 100, 200)]      // KES 1.50 is half a shilling: away from zero, up to KES 2
    [InlineData("250", "KES", 100, 300)]      // not to the even shilling (banker's rounding would give KES 2)
    [InlineData("149.999", "KES", 100, 100)]  // just under half rounds down
    [InlineData("-150", "KES", 100, -200)]    // half away from zero on the negative side too
    [InlineData("150", "USD", 1, 150)]        // USD 1.50 is already a whole number of cents
    [InlineData("2.5", "USD", 1, 3)]          // half a cent rounds away from zero
    [InlineData("-2.5", "USD", 1, -3)]
    [InlineData("2.4999", "USD", 1, 2)]
    public void An_exact_amount_is_rounded_once_half_away_from_zero_to_the_unit(string exact, string currency, long unit, long expected) =>
        Assert.Equal(new Money(expected, currency), LoanRounding.Round(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture), currency, unit));

    [Theory]
    [InlineData("199.99", 100, 100, 200)]
    [InlineData("100.01", 100, 100, 200)]
    [InlineData("100", 100, 100, 100)]
    [InlineData("0.2", 1, 0, 1)]
    public void Rounding_down_and_up_keep_to_the_unit(string exact, long unit, long down, long up)
    {
        var minor = decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(down, LoanRounding.RoundDown(minor, "KES", unit).Minor);
        Assert.Equal(up, LoanRounding.RoundUp(minor, "KES", unit).Minor);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void A_unit_below_one_minor_unit_is_refused(long unit) =>
        Assert.Equal(ChamaError.InvalidAmount, Assert.Throws<ChamaException>(() => LoanRounding.Round(150m, "KES", unit)).Error);
}
