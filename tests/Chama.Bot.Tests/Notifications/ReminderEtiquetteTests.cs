using Chama.Bot.Notifications;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Bot.Tests.Notifications;

public sealed class ReminderEtiquetteTests
{
    private static readonly PhoneNumber Samuel = PhoneNumber.Parse(Phones.Samuel);

    [Fact]
    public void A_member_behind_on_several_rounds_hears_of_the_oldest_debts_first_and_at_most_twice_a_day()
    {
        var candidates = new[]
        {
            Reminder("before", round: 3),
            Reminder("overdue", round: 2),
            Reminder("overdue", round: 1),
            Reminder("meeting", round: 3),
        };

        var kept = ReminderEtiquette.Limit(candidates, [], maxPerDay: 2).Select(m => m.IdempotencyKey).ToList();

        Assert.Equal(["reminder:meeting:3:4:2026-03-01", "reminder:overdue:1:4:2026-03-01", "reminder:overdue:2:4:2026-03-01"], kept);
    }

    [Fact]
    public void Reminders_already_queued_today_count_toward_the_limit_and_are_kept_idempotent()
    {
        var queued = new[] { "reminder:overdue:1:4:2026-03-01" };
        var candidates = new[] { Reminder("overdue", round: 1), Reminder("overdue", round: 2), Reminder("due", round: 3) };

        var kept = ReminderEtiquette.Limit(candidates, queued, maxPerDay: 2).Select(m => m.IdempotencyKey).ToList();

        Assert.Equal(["reminder:overdue:1:4:2026-03-01", "reminder:overdue:2:4:2026-03-01"], kept);
    }

    [Fact]
    public void Each_member_has_their_own_limit()
    {
        var candidates = new[] { Reminder("due", round: 1, member: 4), Reminder("due", round: 1, member: 3), Reminder("before", round: 2, member: 3) };

        Assert.Equal(3, ReminderEtiquette.Limit(candidates, [], maxPerDay: 2).Count);
        Assert.Equal(2, ReminderEtiquette.Limit(candidates, [], maxPerDay: 1).Count);
    }

    [Fact]
    public void A_loans_instalment_reminders_share_the_members_daily_limit_with_the_rounds_and_the_late_come_first()
    {
        var queued = new[] { "reminder:due:3:4:2026-03-01" };
        var candidates = new[]
        {
            new OutboundMessage("reminder:loan-before:5-2:4:2026-03-01", 1, 4, Samuel, "loan 5 instalment 2 coming"),
            new OutboundMessage("reminder:loan-overdue:5-1:4:2026-03-01", 1, 4, Samuel, "loan 5 instalment 1 late"),
        };

        var kept = ReminderEtiquette.Limit(candidates, queued, maxPerDay: 2).Select(m => m.IdempotencyKey).ToList();

        Assert.Equal(["reminder:loan-overdue:5-1:4:2026-03-01"], kept);
    }

    private static OutboundMessage Reminder(string kind, long round, long member = 4) =>
        new($"reminder:{kind}:{round}:{member}:2026-03-01", 1, member, Samuel, $"{kind} {round}");
}
