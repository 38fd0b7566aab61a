namespace Chama.Bot.Notifications;

public enum ReminderKind
{
    Before,
    Due,
    Overdue,
    Meeting,
}

/// <summary>Which reminders a round calls for on a given day (Nairobi dates); the same day always gives the same answer.</summary>
public static class ReminderCalendar
{
    public static IEnumerable<ReminderKind> KindsFor(DateOnly dueDate, DateOnly today, ReminderOptions options)
    {
        var daysLeft = dueDate.DayNumber - today.DayNumber;
        if (daysLeft > 0 && daysLeft == options.DaysBefore)
        {
            yield return ReminderKind.Before;
        }

        if (daysLeft == 0)
        {
            yield return ReminderKind.Due;
        }

        // The day after the due date, then every OverdueEveryDays days while the member still owes.
        var daysLate = -daysLeft;
        if (daysLate == 1 || (daysLate > 1 && options.OverdueEveryDays > 0 && (daysLate - 1) % options.OverdueEveryDays == 0))
        {
            yield return ReminderKind.Overdue;
        }

        if (daysLeft >= 0 && daysLeft == options.MeetingDaysBefore)
        {
            yield return ReminderKind.Meeting;
        }
    }
}
