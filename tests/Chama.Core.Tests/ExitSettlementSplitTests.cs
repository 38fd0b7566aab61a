using Chama.Core;

namespace Chama.Core.Tests;

public class ExitSettlementSplitTests
{
    [Fact]
    public void The_refund_is_paid_from_the_pot_and_the_rest_goes_to_the_welfare_fund()
    {
        var split = ExitSettlement.Split(7, Money.Kes(30_000), Money.Kes(9_000));

        Assert.Equal((7L, Money.Kes(9_000), Money.Kes(21_000)), (split.ExitId, split.Refund, split.ToWelfare));
    }

    [Fact]
    public void A_refund_is_never_more_than_the_pot_holds()
    {
        var split = ExitSettlement.Split(7, Money.Kes(20_000), Money.Kes(25_000));

        Assert.Equal((Money.Kes(20_000), Money.Kes(0)), (split.Refund, split.ToWelfare));
    }

    [Fact]
    public void Cents_M_Pesa_cannot_send_stay_in_the_welfare_fund()
    {
        var split = ExitSettlement.Split(7, Money.Kes(30_000), new Money(900_050, "KES"));

        Assert.Equal((Money.Kes(9_000), Money.Kes(21_000)), (split.Refund, split.ToWelfare));
        Assert.Equal(Money.Kes(30_000), split.Refund + split.ToWelfare);
    }

    [Fact]
    public void A_chama_M_Pesa_does_not_serve_refunds_to_the_penny_and_below_M_Pesas_least()
    {
        var split = ExitSettlement.Split(7, Money.Major(150, "GBP"), new Money(450, "GBP"));

        Assert.Equal((new Money(450, "GBP"), new Money(14_550, "GBP")), (split.Refund, split.ToWelfare));
    }

    [Fact]
    public void A_refund_below_the_least_M_Pesa_sends_stays_in_the_welfare_fund()
    {
        var split = ExitSettlement.Split(7, Money.Kes(30_000), Money.Kes(9));

        Assert.Equal((Money.Kes(0), Money.Kes(30_000)), (split.Refund, split.ToWelfare));
        Assert.Equal(Money.Kes(10), ExitSettlement.Split(7, Money.Kes(30_000), Money.Kes(10)).Refund);
    }

    [Fact]
    public void A_leaver_owed_nothing_leaves_the_whole_pot_to_the_welfare_fund()
    {
        var split = ExitSettlement.Split(7, Money.Kes(30_000), Money.Kes(0));

        Assert.Equal((Money.Kes(0), Money.Kes(30_000)), (split.Refund, split.ToWelfare));
    }

    [Fact]
    public void A_negative_pot_or_refund_is_refused()
    {
        Assert.Equal(ChamaError.InvalidAmount, Assert.Throws<ChamaException>(() => ExitSettlement.Split(7, Money.Kes(-1), Money.Kes(0))).Error);
        Assert.Equal(ChamaError.InvalidAmount, Assert.Throws<ChamaException>(() => ExitSettlement.Split(7, Money.Kes(10), Money.Kes(-1))).Error);
    }
}
