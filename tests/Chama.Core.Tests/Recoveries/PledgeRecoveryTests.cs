namespace Chama.Core.Tests.Recoveries;

public sealed class PledgeRecoveryTests
{
    private const long Shilling = 100;

    [Fact]
    public void Pledges_short_of_what_is_owed_are_taken_whole_and_applied_penalty_then_interest_then_principal()
    {
        var taken = PledgeRecovery.Take([(7, Money.Kes(7_500)), (9, Money.Kes(7_500))], Money.Kes(1_602), Money.Kes(1_800), Money.Kes(30_000), Shilling);

        Assert.Equal(2, taken.Count);
        Assert.Equal(new PledgeTaken(7, Money.Kes(7_500), new RepaymentSplit(Money.Kes(1_602), Money.Kes(1_800), Money.Kes(4_098), Money.Kes(0))), taken[0]);
        Assert.Equal(new PledgeTaken(9, Money.Kes(7_500), new RepaymentSplit(Money.Kes(0), Money.Kes(0), Money.Kes(7_500), Money.Kes(0))), taken[1]);
    }

    [Theory]
    // 1,001 owed against equal pledges: 500.50 each, rounded down to 500, and the shilling left goes to the first pledged.
    [InlineData(1_001, 7_500, 7_500, 501, 500)]
    // 3,000 owed against pledges of 2,000 and 6,000: a quarter and three quarters, exactly.
    [InlineData(3_000, 2_000, 6_000, 750, 2_250)]
    // 1,000 owed against 1,000 and 2,000: 333.33 and 666.67; the larger remainder (the second) takes the shilling left.
    [InlineData(1_000, 1_000, 2_000, 333, 667)]
    // What is owed equals the pledges: both whole.
    [InlineData(5_000, 2_000, 3_000, 2_000, 3_000)]
    public void Pledges_covering_what_is_owed_give_the_same_share_of_each_pledge_in_whole_shillings(long owed, long first, long second, long fromFirst, long fromSecond)
    {
        var taken = PledgeRecovery.Take([(1, Money.Kes(first)), (2, Money.Kes(second))], Money.Kes(0), Money.Kes(0), Money.Kes(owed), Shilling);

        Assert.Equal([Money.Kes(fromFirst), Money.Kes(fromSecond)], taken.Select(t => t.Amount));
        Assert.Equal(Money.Kes(owed), taken.Aggregate(Money.Kes(0), (sum, t) => sum + t.Split.Principal));
    }

    [Fact]
    public void Nothing_is_taken_when_nothing_is_owed_or_nothing_was_pledged()
    {
        Assert.Empty(PledgeRecovery.Take([(1, Money.Kes(500))], Money.Kes(0), Money.Kes(0), Money.Kes(0), Shilling));
        Assert.Empty(PledgeRecovery.Take([], Money.Kes(0), Money.Kes(0), Money.Kes(900), Shilling));
    }

    [Fact]
    public void A_unit_below_one_minor_unit_is_refused()
    {
        var refused = Assert.Throws<ChamaException>(() => PledgeRecovery.Take([(1, Money.Kes(500))], Money.Kes(0), Money.Kes(0), Money.Kes(100), 0));

        Assert.Equal(ChamaError.InvalidAmount, refused.Error);
    }
}
