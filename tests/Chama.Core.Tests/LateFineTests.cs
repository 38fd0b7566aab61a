using Chama.Core;

namespace Chama.Core.Tests;

public class LateFineTests
{
    private static readonly DateOnly Due = new(2026, 1, 31);

    [Fact]
    public void A_constitution_has_three_grace_days_and_sends_fines_to_the_welfare_fund_by_default()
    {
        var rules = Constitution.Monthly(Money.Kes(10_000));
        Assert.Equal((3, Fund.Welfare), (rules.GraceDays, rules.FinesGoTo));
    }

    [Fact]
    public void The_grace_period_ends_at_the_end_of_its_last_day_in_Nairobi()
    {
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 21, 0, 0, TimeSpan.Zero), LateFines.GraceEndsAt(Due, 3));
        Assert.False(LateFines.GraceHasEnded(Due, 3, new DateTimeOffset(2026, 2, 3, 23, 59, 59, NairobiTime.Offset)));
        Assert.True(LateFines.GraceHasEnded(Due, 3, new DateTimeOffset(2026, 2, 4, 0, 0, 0, NairobiTime.Offset)));
        Assert.True(LateFines.GraceHasEnded(Due, 0, new DateTimeOffset(2026, 2, 1, 0, 0, 0, NairobiTime.Offset)));
        Assert.False(LateFines.GraceHasEnded(Due, 0, new DateTimeOffset(2026, 1, 31, 23, 59, 0, NairobiTime.Offset)));
    }

    [Fact]
    public void The_rule_is_written_out_with_the_fine_the_grace_and_the_fund() =>
        Assert.Equal(
            "late fine KES 200 when a round is not fully paid 3 days after its due date; fines go to the welfare fund",
            LateFines.Rule(Constitution.Monthly(Money.Kes(10_000)) with { LateFine = Money.Kes(200) }));

    [Fact]
    public void No_fine_applies_when_the_constitution_has_none() =>
        Assert.False(LateFines.Applies(Constitution.Monthly(Money.Kes(10_000))));

    [Theory]
    [InlineData(-1)]
    [InlineData(32)]
    public void A_grace_period_out_of_range_is_refused(int days) =>
        Assert.Equal(
            ChamaError.InvalidConstitution,
            Assert.Throws<ChamaException>(() => (Constitution.Monthly(Money.Kes(100)) with { GraceDays = days }).Validated()).Error);

    [Fact]
    public void Fines_cannot_go_into_a_pot() =>
        Assert.Equal(
            ChamaError.InvalidConstitution,
            Assert.Throws<ChamaException>(() => (Constitution.Monthly(Money.Kes(100)) with { FinesGoTo = Fund.Pot }).Validated()).Error);

    private static readonly Constitution Daily =
        Constitution.Monthly(Money.Kes(10_000)) with { LateFine = Money.Kes(200), FineMode = FineMode.PerDay, FineCap = Money.Kes(500) };

    private static DateTimeOffset Nairobi(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, NairobiTime.Offset);

    [Fact]
    public void Days_late_count_from_the_midnight_the_grace_period_ends()
    {
        Assert.Equal(0, LateFines.DaysLate(Due, 3, Nairobi(2, 3, 23, 59)));
        Assert.Equal(1, LateFines.DaysLate(Due, 3, Nairobi(2, 4, 0, 0)));
        Assert.Equal(1, LateFines.DaysLate(Due, 3, Nairobi(2, 4, 23, 59)));
        Assert.Equal(2, LateFines.DaysLate(Due, 3, Nairobi(2, 5, 0, 0)));
    }

    [Fact]
    public void A_per_day_fine_is_nothing_in_the_last_minute_of_grace_and_one_day_the_minute_after()
    {
        Assert.Empty(LateFines.Due(Daily, Due, Nairobi(2, 3, 23, 59), []));
        Assert.Equal([new DayFine(1, Money.Kes(200))], LateFines.Due(Daily, Due, Nairobi(2, 4, 0, 1), []));
    }

    [Fact]
    public void A_per_day_fine_charges_each_day_not_yet_charged_and_the_last_one_only_up_to_the_cap()
    {
        Assert.Equal([new DayFine(2, Money.Kes(200))], LateFines.Due(Daily, Due, Nairobi(2, 5, 9, 0), [new DayFine(1, Money.Kes(200))]));

        // Days the scheduler missed are caught up; the third day takes only the KES 100 the KES 500 cap leaves.
        Assert.Equal(
            [new DayFine(1, Money.Kes(200)), new DayFine(2, Money.Kes(200)), new DayFine(3, Money.Kes(100))],
            LateFines.Due(Daily, Due, Nairobi(2, 10, 9, 0), []));
    }

    [Fact]
    public void No_per_day_fine_once_the_cap_is_reached()
    {
        DayFine[] charged = [new(1, Money.Kes(200)), new(2, Money.Kes(200)), new(3, Money.Kes(100))];
        Assert.Empty(LateFines.Due(Daily, Due, Nairobi(2, 20, 9, 0), charged));
    }

    [Fact]
    public void A_flat_fine_is_day_one_only_and_never_a_second_time()
    {
        var flat = Daily with { FineMode = FineMode.Flat };
        Assert.Equal([new DayFine(1, Money.Kes(200))], LateFines.Due(flat, Due, Nairobi(2, 20, 9, 0), []));
        Assert.Empty(LateFines.Due(flat, Due, Nairobi(2, 20, 9, 0), [new DayFine(1, Money.Kes(200))]));
    }

    [Fact]
    public void A_per_day_fine_without_a_cap_is_refused()
    {
        Assert.Equal(
            ChamaError.InvalidConstitution,
            Assert.Throws<ChamaException>(() => (Daily with { FineCap = null }).Validated()).Error);
        Assert.Equal(
            ChamaError.InvalidConstitution,
            Assert.Throws<ChamaException>(() => (Daily with { FineCap = Money.Kes(-1) }).Validated()).Error);
    }

    [Fact]
    public void The_per_day_rule_is_written_out_with_its_cap() =>
        Assert.Equal(
            "late fine KES 200 for each day a round is not fully paid more than 3 days after its due date, up to KES 500 a round; fines go to the welfare fund",
            LateFines.Rule(Daily));
}
