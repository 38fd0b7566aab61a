namespace Chama.Core.Tests.Loans;

public class PledgesTests
{
    [Theory]
    [InlineData(30_000, 2, 50, 100, 750_000)]   // half of KES 30,000 between two: KES 7,500 each
    [InlineData(10_000, 3, 50, 100, 166_700)]   // KES 5,000 between three is KES 1,666.67: up to KES 1,667
    [InlineData(10_000, 3, 50, 1, 166_667)]     // to the cent where the currency is not paid by M-Pesa
    [InlineData(10_000, 3, 100, 100, 333_400)]  // the whole loan between three: KES 3,333.33 up to KES 3,334
    [InlineData(10_000, 2, 0, 100, 0)]          // guarantors who pledge nothing
    [InlineData(10_000, 0, 0, 100, 0)]          // no guarantors
    public void Each_guarantor_pledges_an_equal_part_of_the_share_rounded_up_so_the_pledges_cover_it(long loan, int guarantors, int percent, long unit, long pledge)
    {
        var rules = LoanRules.None with { Guarantors = guarantors, GuaranteePercent = percent };

        var each = Pledges.PerGuarantor(Money.Kes(loan), rules, unit);

        Assert.Equal(pledge, each.Minor);
        Assert.True(each.Minor * guarantors >= Money.Kes(loan).Minor * percent / 100);
    }

    [Theory]
    [InlineData(10_000, 0, 10_000)]
    [InlineData(10_000, 4_000, 6_000)]
    public void A_pledge_within_the_savings_not_already_pledged_is_accepted(long savings, long pledged, long pledge) =>
        Pledges.Check(Money.Kes(savings), Money.Kes(pledged), Money.Kes(pledge));

    [Theory]
    [InlineData(10_000, 0, 10_001)]
    [InlineData(10_000, 4_000, 6_001)]
    [InlineData(10_000, 12_000, 1)] // already pledged beyond savings (after a withdrawal or recovery)
    public void A_pledge_beyond_the_savings_not_already_pledged_is_refused(long savings, long pledged, long pledge) =>
        Assert.Equal(
            ChamaError.GuarantorSavingsShort,
            Assert.Throws<ChamaException>(() => Pledges.Check(Money.Kes(savings), Money.Kes(pledged), Money.Kes(pledge))).Error);
}
