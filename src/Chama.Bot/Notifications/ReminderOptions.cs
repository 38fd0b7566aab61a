namespace Chama.Bot.Notifications;

/// <summary>When reminders and meeting notices are queued, bound from the <c>Reminders</c> section. Times are Nairobi time.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Days before a round's due date that members still owing are reminded (they are reminded on the day too).</summary>
    public int DaysBefore { get; set; } = 3;

    /// <summary>After the due date, members still owing are reminded the next day and then every this many days.</summary>
    public int OverdueEveryDays { get; set; } = 7;

    /// <summary>Days before a round's meeting (its due date) that every member is told of it.</summary>
    public int MeetingDaysBefore { get; set; } = 2;

    /// <summary>Payment reminders one member receives in a day at most (meeting notices are not reminders).</summary>
    public int MaxRemindersPerDay { get; set; } = 2;

    /// <summary>Where meetings are held (a place or a link); left out of the notice when empty.</summary>
    public string MeetingPlace { get; set; } = "";

    public TimeOnly QuietStart { get; set; } = new(21, 0);

    public TimeOnly QuietEnd { get; set; } = new(7, 0);

    /// <summary>Nothing is queued from QuietStart until QuietEnd; the window may wrap midnight. Equal times: never quiet.</summary>
    public bool IsQuiet(TimeOnly time) =>
        QuietStart <= QuietEnd ? time >= QuietStart && time < QuietEnd : time >= QuietStart || time < QuietEnd;
}
