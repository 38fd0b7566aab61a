namespace Chama.Bot.Notifications;

/// <summary>How the outbox is sent, bound from the <c>Notifications</c> section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>False: the sender and the scheduler are not run in the background (tests drive their passes).</summary>
    public bool Background { get; set; } = true;

    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed message is left to its sender before another may take it; well over a send's timeout.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries before a message that keeps failing for passing reasons (5xx, 429, network) is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromMinutes(10);

    public int BatchSize { get; set; } = 20;
}
