namespace Chama.Core.Tests.Loans;

public class ShareOutTests
{
    private static ShareOutInput Member(long id, long savingsMinor, long loanOwedMinor = 0) => new(id, new Money(savingsMinor), new Money(loanOwedMinor));

    private static long[] Earned(IReadOnlyList<ShareOutLine> lines) => lines.Select(l => l.Earnings.Minor).ToArray();

    [Fact]
    public void Each_member_earns_in_proportion_to_their_savings()
    {
        var lines = ShareOut.Compute([Member(1, 1_000_000), Member(2, 2_000_000), Member(3, 3_000_000)], Money.Kes(6_000));

        Assert.Equal([100_000, 200_000, 300_000], Earned(lines));
        Assert.Equal([1_100_000, 2_200_000, 3_300_000], lines.Select(l => l.Payout.Minor));
    }

    [Fact]
    public void The_cents_left_by_rounding_down_go_to_the_largest_remainders()
    {
        // 10 cents by savings of 1, 2 and 3: exactly 1.67, 3.33 and 5; rounded down 1, 3 and 5, and the cent left goes
        // to the first member, whose share was rounded down the most.
        var lines = ShareOut.Compute([Member(1, 100), Member(2, 200), Member(3, 300)], new Money(10));

        Assert.Equal([2, 3, 5], Earned(lines));
    }

    [Fact]
    public void Between_equal_remainders_the_cent_goes_to_the_lower_member_id_and_lines_keep_their_order()
    {
        var lines = ShareOut.Compute([Member(7, 500), Member(3, 500), Member(5, 500)], new Money(100));

        Assert.Equal([7L, 3L, 5L], lines.Select(l => l.MemberId));
        Assert.Equal([33, 34, 33], Earned(lines));
    }

    [Theory]
    [InlineData(500_000, 100_000, 500_000, 50_000)]    // the loan is taken from savings and share, the rest is paid
    [InlineData(1_000_000, 100_000, 550_000, 0)]       // owes more than savings and share: all of it is kept, nothing paid
    [InlineData(0, 100_000, 0, 550_000)]               // no loan
    public void What_a_member_still_owes_is_deducted_before_they_are_paid(long owed, long savingsOfOther, long deducted, long payout)
    {
        var lines = ShareOut.Compute([Member(1, 500_000, owed), Member(2, savingsOfOther)], new Money(60_000));

        Assert.Equal(50_000, lines[0].Earnings.Minor);
        Assert.Equal(deducted, lines[0].LoanDeducted.Minor);
        Assert.Equal(payout, lines[0].Payout.Minor);
    }

    [Fact]
    public void Shares_sum_exactly_to_the_earnings_and_payouts_to_savings_and_earnings_less_deductions()
    {
        var random = new Random(18);
        for (var run = 0; run < 500; run++)
        {
            var members = Enumerable.Range(1, random.Next(1, 40))
                .Select(id => Member(id, random.Next(0, 5) == 0 ? 0 : random.Next(1, 10_000_000), random.Next(0, 3) == 0 ? random.Next(0, 20_000_000) : 0))
                .ToList();
            var totalSavings = members.Sum(m => m.Savings.Minor);
            var earnings = new Money(totalSavings == 0 ? 0 : random.Next(0, 5_000_000));

            var lines = ShareOut.Compute(members, earnings);

            Assert.Equal(earnings.Minor, lines.Sum(l => l.Earnings.Minor));
            Assert.Equal(totalSavings + earnings.Minor - lines.Sum(l => l.LoanDeducted.Minor), lines.Sum(l => l.Payout.Minor));
            Assert.All(lines.Zip(members), pair =>
            {
                var exact = totalSavings == 0 ? 0 : (decimal)earnings.Minor * pair.Second.Savings.Minor / totalSavings;
                Assert.InRange(pair.First.Earnings.Minor, decimal.Floor(exact), decimal.Floor(exact) + 1);
                Assert.False(pair.First.Payout.IsNegative);
            });
        }
    }

    [Fact]
    public void Earnings_with_no_savings_to_share_them_by_cannot_be_shared_out() =>
        Assert.Equal(
            ChamaError.ShareOutNotPossible,
            Assert.Throws<ChamaException>(() => ShareOut.Compute([Member(1, 0), Member(2, 0)], Money.Kes(10))).Error);

    [Fact]
    public void No_savings_and_no_earnings_share_out_nothing() =>
        Assert.All(ShareOut.Compute([Member(1, 0)], Money.Kes(0)), l => Assert.Equal(Money.Kes(0), l.Payout));

    [Theory]
    [InlineData(-1, 0, 100)]
    [InlineData(100, -1, 100)]
    [InlineData(100, 0, -1)]
    public void Negative_savings_loans_or_earnings_are_refused(long savings, long owed, long earnings) =>
        Assert.Equal(
            ChamaError.InvalidAmount,
            Assert.Throws<ChamaException>(() => ShareOut.Compute([Member(1, savings, owed)], new Money(earnings))).Error);

    [Fact]
    public void A_member_listed_twice_is_refused() =>
        Assert.Equal(
            ChamaError.InvalidAmount,
            Assert.Throws<ChamaException>(() => ShareOut.Compute([Member(1, 100), Member(1, 100)], new Money(10))).Error);
}
