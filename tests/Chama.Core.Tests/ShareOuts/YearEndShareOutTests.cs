using Chama.Core;

namespace Chama.Core.Tests.ShareOuts;

/// <summary>A KES share-out is shared in whole shillings, so every line can be paid by M-Pesa as it stands.</summary>
public class YearEndShareOutTests
{
    [Fact]
    public void Kes_earnings_are_shared_in_whole_shillings_that_add_up_to_the_earnings()
    {
        var lines = YearEndShareOut.Compute(
            [new(1, Money.Kes(10_000), Money.Kes(0)), new(2, Money.Kes(10_000), Money.Kes(0)), new(3, Money.Kes(10_000), Money.Kes(0))],
            Money.Kes(100));

        Assert.Equal([Money.Kes(34), Money.Kes(33), Money.Kes(33)], lines.Select(l => l.Earnings));
        Assert.All(lines, l => Assert.True(l.Payout.IsWholeMajor));
    }

    [Fact]
    public void A_loan_is_deducted_in_whole_shillings_and_no_line_goes_below_zero()
    {
        var lines = YearEndShareOut.Compute(
            [new(1, Money.Kes(5_000), Money.Kes(12_000)), new(2, Money.Kes(15_000), Money.Kes(700))],
            Money.Kes(1_001));

        Assert.Equal(
            [(Money.Kes(250), Money.Kes(5_250), Money.Kes(0)), (Money.Kes(751), Money.Kes(700), Money.Kes(15_051))],
            lines.Select(l => (l.Earnings, l.LoanDeducted, l.Payout)));
    }

    [Fact]
    public void Amounts_with_cents_are_shared_to_the_cent()
    {
        var lines = YearEndShareOut.Compute(
            [new(1, new Money(1_000_050), Money.Kes(0)), new(2, Money.Kes(10_000), Money.Kes(0))],
            Money.Kes(101));

        Assert.Equal(Money.Kes(101), lines.Aggregate(Money.Kes(0), (sum, l) => sum + l.Earnings));
        Assert.Contains(lines, l => !l.Earnings.IsWholeMajor);
    }

    [Fact]
    public void Other_currencies_are_shared_to_their_minor_unit()
    {
        var lines = YearEndShareOut.Compute(
            [new(1, Money.Major(100, "GBP"), Money.Zero("GBP")), new(2, Money.Major(200, "GBP"), Money.Zero("GBP"))],
            new Money(1_000, "GBP"));

        Assert.Equal([new Money(333, "GBP"), new Money(667, "GBP")], lines.Select(l => l.Earnings));
    }
}
