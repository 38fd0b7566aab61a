using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

public class RotationTests
{
    [Fact]
    public void Rotation_follows_seats_not_join_date_or_name()
    {
        // Joined (ids) in one order, alphabetical in another, seated in a third.
        var members = new[] { Member(1, "Aaron", 3), Member(2, "Zawadi", 1), Member(3, "Mary", 2) };
        Assert.Equal(["Zawadi", "Mary", "Aaron"], Rotation.Order(members).Select(m => m.Name));
    }

    [Fact]
    public void Inactive_members_leave_the_rotation() =>
        Assert.Equal(["A", "C"], Rotation.Order([Member(1, "A", 1), Member(2, "B", 2, active: false), Member(3, "C", 3)]).Select(m => m.Name));

    [Fact]
    public void A_cycle_plans_one_round_per_member_with_the_full_pot()
    {
        var plan = Rotation.Plan(Umoja(), Money.Kes(10_000), new DateOnly(2026, 1, 31), MeetingFrequency.Monthly);
        Assert.Equal([1, 2, 3, 4], plan.Select(r => r.Number));
        Assert.Equal(["Grace Wanjiku", "Patrick Ochieng", "Diana Mwangi", "Samuel Kimani"], plan.Select(r => r.Recipient.Name));
        Assert.All(plan, r => Assert.Equal(Money.Kes(40_000), r.ExpectedPot));
    }

    [Theory]
    [InlineData(MeetingFrequency.Monthly, "2026-01-31", "2026-02-28", "2026-03-31")]
    [InlineData(MeetingFrequency.Weekly, "2026-01-31", "2026-02-07", "2026-02-14")]
    [InlineData(MeetingFrequency.Fortnightly, "2026-01-31", "2026-02-14", "2026-02-28")]
    public void Due_dates_follow_the_meeting_frequency(MeetingFrequency frequency, string first, string second, string third)
    {
        var plan = Rotation.Plan(Umoja(), Money.Kes(10_000), DateOnly.Parse(first), frequency);
        Assert.Equal([DateOnly.Parse(first), DateOnly.Parse(second), DateOnly.Parse(third)], plan.Take(3).Select(r => r.DueDate));
    }

    [Fact]
    public void A_cycle_without_members_is_refused() =>
        Assert.Equal(ChamaError.NoMembers, Assert.Throws<ChamaException>(() => Rotation.Plan([], Money.Kes(1), new DateOnly(2026, 1, 1), MeetingFrequency.Monthly)).Error);
}
