namespace Chama.Core.Tests.Loans;

public class LoanPositionTests
{
    private const int GraceDays = 3;

    // KES 3,000 flat at 1% a month over 3 months, paid out 15 January: KES 1,000 principal and KES 30 interest falling
    // due on 15 February, 15 March and 15 April.
    private static readonly LoanSchedule Flat = LoanSchedule.Plan(Money.Kes(3_000), InterestMethod.Flat, 100, 3, new DateOnly(2026, 1, 15), 100);

    private static LoanCharge Interest(int month, long shillings = 30) => new(month, LoanChargeKind.Interest, Money.Kes(shillings));

    private static LoanCharge Penalty(int instalment, long shillings) => new(instalment, LoanChargeKind.Penalty, Money.Kes(shillings));

    private static LoanRepaymentParts Paid(long penalty, long interest, long principal) => new(Money.Kes(penalty), Money.Kes(interest), Money.Kes(principal));

    private static LoanPosition On(int month, int day, LoanCharge[] charges, params LoanRepaymentParts[] repayments) =>
        LoanPosition.Of(Flat, charges, repayments, new DateOnly(2026, month, day), GraceDays);

    [Fact]
    public void On_the_day_a_loan_is_paid_out_its_first_months_interest_is_to_be_charged_and_nothing_is_due()
    {
        var position = On(1, 15, []);

        Assert.Equal([1], position.InterestToCharge);
        Assert.Equal(Money.Kes(0), position.DueNow);
        Assert.Equal(1, position.Next?.Number);
        Assert.Equal(Money.Kes(1_000), position.NextAmount);
        Assert.Equal(Money.Kes(3_000), position.PrincipalOutstanding);
        Assert.False(position.Repaid);
    }

    [Fact]
    public void Interest_charged_is_owed_at_once_and_counts_in_what_clears_the_next_instalment()
    {
        var position = On(1, 20, [Interest(1)]);

        Assert.Empty(position.InterestToCharge);
        Assert.Equal(Money.Kes(30), position.InterestOwed);
        Assert.Equal(Money.Kes(30), position.DueNow);
        Assert.Equal(Money.Kes(1_030), position.NextAmount);
    }

    [Theory]
    [InlineData(2, 14, 30, 0)]       // the day before the first due date: only the interest owed
    [InlineData(2, 15, 1_030, 0)]    // on the due date: the instalment's principal too, not yet missed
    [InlineData(2, 18, 1_030, 0)]    // the last grace day: still not missed
    [InlineData(2, 19, 1_030, 1)]    // the day after the grace days: missed
    public void An_unpaid_instalment_is_due_on_its_date_and_missed_once_its_grace_days_have_passed(int month, int day, long dueNow, int missed)
    {
        var position = On(month, day, [Interest(1)]);

        Assert.Equal(Money.Kes(dueNow), position.DueNow);
        Assert.Equal(missed, position.Missed);
        Assert.Equal(missed == 1 ? [1] : [], position.PenaltiesToCharge);
    }

    [Fact]
    public void A_missed_instalment_is_penalised_once()
    {
        var position = On(2, 25, [Interest(1), Interest(2), Penalty(1, 52)]);

        Assert.Equal(1, position.Missed);
        Assert.Empty(position.PenaltiesToCharge);
        Assert.Equal(Money.Kes(52), position.PenaltyOwed);
        Assert.Equal(Money.Kes(1_000 + 60 + 52), position.DueNow);
    }

    [Theory]
    [InlineData(2, 15, new int[0])]  // on instalment 1's due date month 2 has not started: the payment that day comes first
    [InlineData(2, 16, new[] { 2 })] // the day after, month 2's interest is charged
    [InlineData(3, 16, new[] { 2, 3 })] // months the ledger has not charged yet are all listed
    [InlineData(5, 1, new[] { 2, 3 })]  // a three-month loan has no month 4, however late it runs
    public void A_months_interest_is_charged_from_the_day_after_the_previous_instalment_fell_due(int month, int day, int[] toCharge) =>
        Assert.Equal(toCharge, On(month, day, [Interest(1)]).InterestToCharge);

    [Fact]
    public void An_instalment_paid_on_its_due_date_is_covered_and_the_next_one_comes_up()
    {
        var position = On(2, 16, [Interest(1)], Paid(0, 30, 1_000));

        Assert.Equal(Money.Kes(0), position.DueNow);
        Assert.Equal(0, position.Missed);
        Assert.Equal(2, position.Next?.Number);
        Assert.Equal(Money.Kes(1_000), position.NextAmount);
        Assert.Equal(Money.Kes(2_000), position.PrincipalOutstanding);
    }

    [Fact]
    public void Principal_repaid_covers_the_oldest_instalments_first_whenever_it_was_paid()
    {
        // KES 1,500 of principal paid early covers instalment 1 and half of instalment 2.
        var position = On(3, 20, [Interest(1), Interest(2), Interest(3)], Paid(0, 30, 1_500));

        Assert.Equal(2, position.Next?.Number);
        Assert.Equal(Money.Kes(500), position.Uncovered(position.Next!));
        Assert.Equal(1, position.Missed);
        Assert.Equal([2], position.PenaltiesToCharge);
        Assert.Equal(Money.Kes(500 + 60), position.DueNow);
        Assert.Equal(Money.Kes(500 + 60), position.NextAmount);
    }

    [Fact]
    public void A_loan_whose_principal_interest_and_penalties_are_all_paid_is_repaid()
    {
        var position = On(4, 15, [Interest(1), Interest(2), Interest(3), Penalty(1, 52)], Paid(52, 90, 3_000));

        Assert.True(position.Repaid);
        Assert.Null(position.Next);
        Assert.Equal(Money.Kes(0), position.NextAmount);
        Assert.Equal(Money.Kes(0), position.DueNow);
        Assert.Empty(position.InterestToCharge);
        Assert.Equal(0, position.Missed);
    }

    [Fact]
    public void A_loan_with_interest_still_owed_is_not_repaid() =>
        Assert.False(On(4, 15, [Interest(1), Interest(2), Interest(3)], Paid(0, 60, 3_000)).Repaid);

    [Fact]
    public void Repaying_a_reducing_balance_loan_early_leaves_no_more_months_to_charge()
    {
        // KES 10,000 reducing at 1% a month over 12 months, paid out 31 January; month 1's KES 100 is charged.
        var schedule = LoanSchedule.Plan(Money.Kes(10_000), InterestMethod.Reducing, 100, 12, new DateOnly(2026, 1, 31), 100);
        LoanCharge[] charged = [new(1, LoanChargeKind.Interest, Money.Kes(100))];
        var yearEnd = new DateOnly(2026, 12, 31);

        var unpaid = LoanPosition.Of(schedule, charged, [], yearEnd, GraceDays);
        var repaidEarly = LoanPosition.Of(schedule, charged, [Paid(0, 100, 10_000)], yearEnd, GraceDays);

        Assert.Equal(Enumerable.Range(2, 10), unpaid.InterestToCharge);
        Assert.Empty(repaidEarly.InterestToCharge);
        Assert.True(repaidEarly.Repaid);
        Assert.Equal(0, repaidEarly.Missed);
    }

    [Theory]
    [InlineData(5, new long[0], 1, 52)]           // 5% of KES 1,030 (principal and the month's interest) is KES 51.50: KES 52
    [InlineData(5, new long[] { 20 }, 1, 51)]     // KES 20 of the interest paid: 5% of KES 1,010 is KES 50.50: KES 51
    [InlineData(10, new long[] { 30 }, 1, 100)]   // the month's interest paid: 10% of the KES 1,000 principal
    [InlineData(5, new long[] { 30 }, 2, 52)]     // interest paid covers month 1 first; month 2's is still unpaid
    [InlineData(0, new long[0], 1, 0)]            // no penalty in the constitution
    public void The_penalty_is_the_percent_of_what_is_unpaid_of_the_instalment_rounded_once(int percent, long[] interestPaid, int instalment, long penalty)
    {
        var position = On(3, 25, [Interest(1), Interest(2)], interestPaid.Select(i => Paid(0, i, 0)).ToArray());

        Assert.Equal(Money.Kes(penalty), position.PenaltyFor(instalment, percent, 100));
    }

    [Fact]
    public void A_penalty_for_an_instalment_the_schedule_does_not_have_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => On(3, 25, []).PenaltyFor(4, 10, 100));
}
