namespace Chama.Core.Tests.Loans;

public class LoanInterestTests
{
    private static readonly DateOnly PaidOut = new(2026, 1, 31);

    [Theory]
    [InlineData(InterestMethod.Flat, 1_000_000, 400_000, 15_000)]      // flat: 1.5% of the KES 10,000 lent, whatever is left
    [InlineData(InterestMethod.Reducing, 1_000_000, 400_000, 6_000)]   // reducing: 1.5% of the KES 4,000 still owed
    [InlineData(InterestMethod.Reducing, 1_000_000, 123_300, 1_800)]   // 1.5% of KES 1,233 is KES 18.495: rounds to KES 18
    [InlineData(InterestMethod.Reducing, 1_000_000, 130_000, 2_000)]   // 1.5% of KES 1,300 is KES 19.50: half rounds up to KES 20
    [InlineData(InterestMethod.Flat, 1_000_000, 0, 0)]                 // nothing owed: no interest, flat or reducing
    [InlineData(InterestMethod.Reducing, 1_000_000, 0, 0)]
    public void A_months_interest_is_the_rate_on_the_amount_lent_or_on_what_is_still_owed(InterestMethod method, long original, long outstanding, long interest) =>
        Assert.Equal(interest, LoanInterest.ForPeriod(method, 150, new Money(original), new Money(outstanding), 100).Minor);

    [Theory]
    [InlineData(InterestMethod.Flat, 1_000_000, 100, 12)]
    [InlineData(InterestMethod.Reducing, 1_000_000, 100, 12)]
    [InlineData(InterestMethod.Reducing, 3_000_000, 150, 6)]
    [InlineData(InterestMethod.Reducing, 1_234_567, 125, 5)]
    public void A_loan_repaid_on_schedule_is_charged_exactly_the_schedules_interest(InterestMethod method, long principal, int basisPoints, int term)
    {
        var schedule = LoanSchedule.Plan(new Money(principal), method, basisPoints, term, PaidOut, 100);
        var outstanding = schedule.Principal;
        foreach (var instalment in schedule.Instalments)
        {
            Assert.Equal(instalment.Interest, LoanInterest.ForPeriod(method, basisPoints, schedule.Principal, outstanding, 100));
            outstanding -= instalment.Principal;
        }
    }

    [Fact]
    public void Repaying_a_reducing_balance_loan_early_stops_the_interest_that_would_have_followed()
    {
        // KES 10,000 at 1% a month over 12 months: the schedule charges KES 663 in all. Month 1 charges KES 100; the
        // borrower repays the whole KES 10,000 (and the KES 100) before month 2 starts, so months 2 to 12 charge nothing.
        var schedule = LoanSchedule.Plan(Money.Kes(10_000), InterestMethod.Reducing, 100, 12, PaidOut, 100);
        var month1 = LoanInterest.ForPeriod(InterestMethod.Reducing, 100, schedule.Principal, schedule.Principal, 100);
        var afterEarlyRepayment = Enumerable.Range(2, 11).Select(_ => LoanInterest.ForPeriod(InterestMethod.Reducing, 100, schedule.Principal, Money.Kes(0), 100));

        Assert.Equal(Money.Kes(663), schedule.TotalInterest);
        Assert.Equal(Money.Kes(100), month1);
        Assert.All(afterEarlyRepayment, i => Assert.Equal(Money.Kes(0), i));
    }

    [Fact]
    public void Repaying_half_of_a_reducing_balance_loan_early_halves_the_next_months_interest() =>
        Assert.Equal(
            Money.Kes(50),
            LoanInterest.ForPeriod(InterestMethod.Reducing, 100, Money.Kes(10_000), Money.Kes(5_000), 100));

    [Fact]
    public void A_negative_rate_is_refused() =>
        Assert.Equal(
            ChamaError.InvalidAmount,
            Assert.Throws<ChamaException>(() => LoanInterest.ForPeriod(InterestMethod.Flat, -1, Money.Kes(100), Money.Kes(100), 100)).Error);
}
