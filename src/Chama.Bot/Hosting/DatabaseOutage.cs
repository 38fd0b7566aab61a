using Chama.Data;

namespace Chama.Bot.Hosting;

/// <summary>
/// Remembers that a request failed because the database could not serve it. A full disk still answers reads, so
/// <c>/readyz</c> cannot see it by reading; it sees it here, for <see cref="DatabaseUnavailable.RetryAfter"/> after the
/// last such failure, and the load balancer keeps traffic away while the providers' retries wait.
/// </summary>
public sealed class DatabaseOutage(TimeProvider clock)
{
    private long lastFailureTicks = long.MinValue;

    public void Failed() => Interlocked.Exchange(ref lastFailureTicks, clock.GetUtcNow().UtcTicks);

    public bool IsOngoing
    {
        get
        {
            var last = Interlocked.Read(ref lastFailureTicks);
            return last != long.MinValue && clock.GetUtcNow().UtcTicks - last < DatabaseUnavailable.RetryAfter.Ticks;
        }
    }
}
