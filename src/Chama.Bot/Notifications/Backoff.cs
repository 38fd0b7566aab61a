using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// Exponential backoff with full jitter: after the n-th failed attempt, wait a uniformly random time up to
/// min(cap, base × 2^(n-1)), so many failed messages do not all come back at the same moment.
/// </summary>
public sealed class Backoff(IOptionsMonitor<NotificationOptions> options, Func<double> sample)
{
    public Backoff(IOptionsMonitor<NotificationOptions> options) : this(options, Random.Shared.NextDouble)
    {
    }

    /// <summary>The longest wait after <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var settings = options.CurrentValue;
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var grown = settings.BackoffBase.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(settings.BackoffCap.TotalMilliseconds, grown));
    }

    public TimeSpan Delay(int attempt) => Ceiling(attempt) * Math.Clamp(sample(), 0, 1);
}
