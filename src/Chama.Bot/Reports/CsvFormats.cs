using Chama.Core;

namespace Chama.Bot.Reports;

/// <summary>ISO 8601 dates and times, in Nairobi time (EAT), the way the chama keeps its calendar.</summary>
public static class CsvFormats
{
    public const string Date = "yyyy-MM-dd";
    public const string Time = "HH:mm:ss";
    public const string TimeHeader = "Time (EAT)";

    /// <summary>The date and time of an instant on a Nairobi calendar and clock.</summary>
    public static (DateOnly Date, TimeOnly Time) InNairobi(DateTimeOffset at)
    {
        var local = at.ToOffset(NairobiTime.Offset).DateTime;
        return (DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }
}
