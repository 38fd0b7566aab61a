namespace Chama.Core;

/// <summary>Chamas keep Nairobi time: East Africa Time, UTC+3 all year (Kenya has no daylight saving).</summary>
public static class NairobiTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(3);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);
}
