namespace Chama.Core.Tests.Loans;

public class LoanLimitsTests
{
    // Three times savings, at most KES 50,000 a loan, 1 to 12 months, 80% of the fund lent at once.
    private static readonly LoanRules Rules = LoanRules.None with { SavingsMultiple = 3, Cap = Money.Kes(50_000), MaxTermMonths = 12, LendPercent = 80 };

    private static LoanRequestFacts Request(long shillings, int term = 6, long savings = 10_000, bool openLoan = false, long pooled = 100_000, long lentOut = 0, LoanRules? rules = null) =>
        new(Money.Kes(shillings), term, rules ?? Rules, Money.Kes(savings), openLoan, Money.Kes(pooled), Money.Kes(lentOut));

    private static ChamaException Refusal(LoanRequestFacts facts) => Assert.Throws<ChamaException>(() => LoanLimits.Check(facts));

    [Theory]
    [InlineData(30_000, 10_000, 0)]      // exactly three times savings
    [InlineData(50_000, 20_000, 0)]      // exactly the cap
    [InlineData(20_000, 10_000, 60_000)] // exactly what the fund can still lend
    [InlineData(1, 10_000, 0)]
    public void A_request_within_every_limit_may_be_asked(long amount, long savings, long lentOut) =>
        LoanLimits.Check(Request(amount, savings: savings, lentOut: lentOut));

    [Fact]
    public void A_chama_that_does_not_lend_refuses_every_loan_before_anything_else() =>
        Assert.Equal(ChamaError.LendingOff, Refusal(Request(1_000_000, term: 99, openLoan: true, rules: Rules with { SavingsMultiple = 0 })).Error);

    [Fact]
    public void A_member_with_a_loan_open_cannot_ask_for_another() =>
        Assert.Equal(ChamaError.LoanAlreadyOpen, Refusal(Request(1_000, term: 99, openLoan: true)).Error);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(13)]
    public void A_term_outside_one_to_the_longest_allowed_is_refused(int term)
    {
        var refusal = Refusal(Request(1_000_000, term: term));

        Assert.Equal(ChamaError.LoanTermNotAllowed, refusal.Error);
        Assert.Contains("1 to 12 months", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(1_050)] // KES 10.50: M-Pesa pays no cents
    public void A_loan_of_nothing_or_of_cents_is_refused(long minor) =>
        Assert.Equal(
            ChamaError.InvalidAmount,
            Refusal(Request(0) with { Amount = new Money(minor) }).Error);

    [Theory]
    [InlineData(30_001, 10_000, "KES 30,000")] // above three times savings of KES 10,000
    [InlineData(50_001, 20_000, "KES 50,000")] // three times savings is KES 60,000 but the cap is KES 50,000
    [InlineData(1, 0, "KES 0")]                // no savings, nothing to borrow
    public void A_request_above_the_members_limit_is_refused_saying_the_limit(long amount, long savings, string limit)
    {
        var refusal = Refusal(Request(amount, savings: savings, pooled: 1_000_000));

        Assert.Equal(ChamaError.LoanAboveLimit, refusal.Error);
        Assert.StartsWith($"You may borrow up to {limit}:", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20_001, 100_000, 60_000, "KES 20,000")] // 80% of KES 100,000 is KES 80,000, KES 60,000 is out
    [InlineData(1, 100_000, 80_000, "KES 0")]           // the fund is lent out to its limit
    [InlineData(1, 100_000, 90_000, "KES 0")]           // beyond it (savings were withdrawn since): still nothing, not less
    [InlineData(5_000, 4_000, 0, "KES 3,200")]          // a small fund: 80% of KES 4,000
    public void A_request_beyond_what_the_fund_may_lend_is_refused_saying_what_it_can(long amount, long pooled, long lentOut, string room)
    {
        var refusal = Refusal(Request(amount, pooled: pooled, lentOut: lentOut));

        Assert.Equal(ChamaError.LendingFundExhausted, refusal.Error);
        Assert.StartsWith($"The fund can lend {room} more now", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_members_limit_is_checked_before_the_fund() =>
        Assert.Equal(ChamaError.LoanAboveLimit, Refusal(Request(40_000, lentOut: 80_000)).Error);

    [Theory]
    [InlineData(10_000, 0, 100_000, 30_000)]   // three times savings
    [InlineData(20_000, 0, 100_000, 50_000)]   // the cap
    [InlineData(10_000, 70_000, 100_000, 10_000)] // what the fund can still lend
    [InlineData(10_000, 90_000, 100_000, 0)]   // more out than the fund may lend: nothing, never less than zero
    public void The_most_a_member_may_borrow_is_the_least_of_their_limit_and_the_funds_room(long savings, long lentOut, long pooled, long most) =>
        Assert.Equal(Money.Kes(most), LoanLimits.MostBorrowable(Request(0, savings: savings, lentOut: lentOut, pooled: pooled)));

    [Fact]
    public void The_most_a_member_may_borrow_is_whole_shillings() =>
        Assert.Equal(
            Money.Kes(80_001),
            LoanLimits.MostBorrowable(Request(0, savings: 30_000, rules: Rules with { Cap = null }) with { PooledFund = new Money(10_000_150) }));

    [Fact]
    public void A_member_may_borrow_nothing_when_the_chama_does_not_lend_or_they_have_a_loan_open()
    {
        Assert.Equal(Money.Kes(0), LoanLimits.MostBorrowable(Request(0, rules: Rules with { SavingsMultiple = 0 })));
        Assert.Equal(Money.Kes(0), LoanLimits.MostBorrowable(Request(0, openLoan: true)));
    }

    [Fact]
    public void The_most_a_member_may_borrow_passes_the_check()
    {
        var facts = Request(0, savings: 7_333, lentOut: 12_345);
        LoanLimits.Check(facts with { Amount = LoanLimits.MostBorrowable(facts) });
        Assert.Equal(ChamaError.LoanAboveLimit, Refusal(facts with { Amount = LoanLimits.MostBorrowable(facts) + Money.Kes(1) }).Error);
    }

    [Fact]
    public void The_most_a_member_of_a_chama_in_another_currency_may_borrow_is_in_that_currency_to_the_cent()
    {
        var rules = Rules with { Cap = null };
        var facts = new LoanRequestFacts(default, 6, rules, new Money(10_000_33, "USD"), false, new Money(1_000_000_00, "USD"), new Money(0, "USD"));

        Assert.Equal(new Money(30_000_99, "USD"), LoanLimits.MostBorrowable(facts));
    }
}
