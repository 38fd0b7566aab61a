namespace Chama.Core.Tests.Loans;

public class LoanScheduleTests
{
    private static readonly DateOnly PaidOut = new(2026, 1, 31);

    private static LoanSchedule Plan(long principal, InterestMethod method, int basisPoints, int term, long unit, string currency = "KES") =>
        LoanSchedule.Plan(new Money(principal, currency), method, basisPoints, term, PaidOut, unit);

    private static long[] Principals(LoanSchedule schedule) => schedule.Instalments.Select(i => i.Principal.Minor).ToArray();

    private static long[] Interests(LoanSchedule schedule) => schedule.Instalments.Select(i => i.Interest.Minor).ToArray();

    // Figures worked out by hand: interest = principal × rate rounded half away from zero to the unit; each principal part
    // = principal / term rounded down to the unit, the last taking the rest.
    [Theory]
    [InlineData(1_000_000, 100, 12, 1, 83_333, 83_337, 10_000, 120_000)]        // 10,000.00 at 1% for 12 months, to the cent
    [InlineData(1_000_000, 100, 12, 100, 83_300, 83_700, 10_000, 120_000)]      // the same loan in whole shillings
    [InlineData(3_000_000, 150, 6, 100, 500_000, 500_000, 45_000, 270_000)]     // KES 30,000 at 1.5% for 6 months: divides evenly
    [InlineData(1_000_000, 1_000, 3, 100, 333_300, 333_400, 100_000, 300_000)]  // KES 10,000 at 10% for 3 months
    [InlineData(1_234_567, 125, 5, 1, 246_913, 246_915, 15_432, 77_160)]         // 12,345.67 at 1.25%: 154.3208… rounds to 154.32
    [InlineData(10_000, 150, 1, 100, 10_000, 10_000, 200, 200)]                  // KES 100 at 1.5%: KES 1.50 rounds half away to KES 2
    [InlineData(50_000, 0, 3, 100, 16_600, 16_800, 0, 0)]                          // no interest: KES 500 in parts of 166, 166, 168
    public void A_flat_loan_charges_the_rate_on_the_amount_lent_every_month_and_repays_equal_parts(
        long principal, int basisPoints, int term, long unit, long firstPrincipal, long lastPrincipal, long monthlyInterest, long totalInterest)
    {
        var schedule = Plan(principal, InterestMethod.Flat, basisPoints, term, unit);

        Assert.Equal(term, schedule.Instalments.Count);
        Assert.Equal(firstPrincipal, schedule.Instalments[0].Principal.Minor);
        Assert.Equal(lastPrincipal, schedule.Instalments[^1].Principal.Minor);
        Assert.All(schedule.Instalments, i => Assert.Equal(monthlyInterest, i.Interest.Minor));
        Assert.Equal(principal, Principals(schedule).Sum());
        Assert.Equal(totalInterest, schedule.TotalInterest.Minor);
        Assert.Equal(principal + totalInterest, schedule.Total.Minor);
    }

    // Reducing balance by hand: A = P·r / (1 − (1+r)^−n) rounded to the unit; each month interest = balance × r rounded,
    // principal = A − interest; the last instalment repays the balance left.
    [Theory]
    [InlineData(1_000_000, 100, 12, 100, 88_800, new long[] { 10_000, 9_200, 8_400, 7_600, 6_800, 6_000, 5_200, 4_300, 3_500, 2_600, 1_800, 900 }, 88_600)]
    [InlineData(3_000_000, 150, 6, 100, 526_600, new long[] { 45_000, 37_800, 30_400, 23_000, 15_400, 7_800 }, 518_600)]
    [InlineData(1_000_000, 1_000, 3, 100, 402_100, new long[] { 100_000, 69_800, 36_600 }, 365_600)]
    [InlineData(1_234_567, 125, 5, 1, 256_249, new long[] { 15_432, 12_422, 9_374, 6_288, 3_164 }, 253_087)]
    public void A_reducing_balance_loan_pays_equal_instalments_with_interest_on_what_is_still_owed(
        long principal, int basisPoints, int term, long unit, long payment, long[] interests, long lastPrincipal)
    {
        var schedule = Plan(principal, InterestMethod.Reducing, basisPoints, term, unit);

        Assert.Equal(interests, Interests(schedule));
        Assert.All(schedule.Instalments.SkipLast(1), i => Assert.Equal(payment, i.Amount.Minor));
        Assert.Equal(lastPrincipal, schedule.Instalments[^1].Principal.Minor);
        Assert.Equal(principal, Principals(schedule).Sum());
        Assert.Equal(interests.Sum(), schedule.TotalInterest.Minor);
    }

    // The standard textbook example of the loan-payment (annuity) formula, as printed by any amortisation table or
    // calculator for 10,000.00 at 12% a year paid monthly over one year: payment 888.49 (10,000 × 0.01 / (1 − 1.01^−12)
    // = 888.4879), first interest 100.00, first principal 788.49, total interest 661.85 (12 × 888.4879 − 10,000).
    // Paid to the cent, each month's interest is rounded and the last instalment repays the balance left (879.67 with
    // 8.80 interest, 888.47 in all), so the interest actually charged is 661.86: one cent above the unrounded figure.
    [Fact]
    public void The_textbook_loan_of_ten_thousand_at_one_percent_a_month_for_a_year_is_reproduced_to_the_cent()
    {
        var schedule = Plan(1_000_000, InterestMethod.Reducing, 100, 12, 1, "USD");

        Assert.Equal(88_849, schedule.Instalments[0].Amount.Minor);
        Assert.Equal(10_000, schedule.Instalments[0].Interest.Minor);
        Assert.Equal(78_849, schedule.Instalments[0].Principal.Minor);
        Assert.Equal(new long[] { 78_849, 79_637, 80_434, 81_238, 82_051, 82_871, 83_700, 84_537, 85_382, 86_236, 87_098, 87_967 }, Principals(schedule));
        Assert.Equal((87_967, 880), (schedule.Instalments[^1].Principal.Minor, schedule.Instalments[^1].Interest.Minor));
        Assert.Equal(66_186, schedule.TotalInterest.Minor);
    }

    [Fact]
    public void A_reducing_balance_loan_without_interest_repays_equal_parts_like_a_flat_one() =>
        Assert.Equal(
            Principals(Plan(50_000, InterestMethod.Flat, 0, 3, 100)),
            Principals(Plan(50_000, InterestMethod.Reducing, 0, 3, 100)));

    [Fact]
    public void Instalment_k_falls_due_k_months_after_the_loan_is_paid_out_keeping_to_the_end_of_short_months() =>
        Assert.Equal(
            new[] { new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30) },
            Plan(300_000, InterestMethod.Flat, 100, 3, 100).Instalments.Select(i => i.Due));

    [Fact]
    public void The_schedule_by_the_chamas_rules_rounds_a_KES_loan_to_whole_shillings()
    {
        var rules = LoanRules.None with { SavingsMultiple = 3, Method = InterestMethod.Reducing, MonthlyRateBasisPoints = 100 };
        var schedule = LoanSchedule.Plan(Money.Kes(10_000), rules, 12, PaidOut);

        Assert.Equal(88_800, schedule.Instalments[0].Amount.Minor);
        Assert.Equal(PaidOut, schedule.Start);
    }

    [Theory]
    [InlineData(0, 12, 100, ChamaError.InvalidAmount)]
    [InlineData(-100, 12, 100, ChamaError.InvalidAmount)]
    [InlineData(10_000, 0, 100, ChamaError.LoanTermNotAllowed)]
    [InlineData(10_000, 12, 0, ChamaError.InvalidAmount)]
    public void A_schedule_without_a_positive_principal_a_term_or_a_unit_is_refused(long principal, int term, long unit, ChamaError error) =>
        Assert.Equal(error, Assert.Throws<ChamaException>(() => Plan(principal, InterestMethod.Flat, 100, term, unit)).Error);
}
