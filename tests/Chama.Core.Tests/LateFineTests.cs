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
}
