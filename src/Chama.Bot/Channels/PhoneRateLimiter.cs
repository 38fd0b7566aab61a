using System.Collections.Concurrent;
using Chama.Core;

namespace Chama.Bot.Channels;

/// <summary>
/// Per-phone rate limiting for the member channels (never for M-Pesa callbacks): each phone may send
/// <c>RateLimits:PerPhonePerMinute</c> messages in a minute, counted from its first, so one phone sending too fast is
/// answered politely while everyone else goes on.
/// </summary>
/// <remarks>
/// Each phone has its own counter under its own lock, and a counter is reset by the phone's next message rather than by
/// a timer: a partitioned limiter's one lock, taken by every message and held by its timer while it refilled every
/// phone, was a tenth of a USSD hop's time under load.
/// </remarks>
public sealed class PhoneRateLimiter
{
    private static readonly long Window = TimeSpan.FromMinutes(1).Ticks;

    private readonly int perMinute;
    private readonly ConcurrentDictionary<string, Count> counts = new(StringComparer.Ordinal);
    private long nextSweep;

    public PhoneRateLimiter(IConfiguration configuration)
    {
        perMinute = configuration.GetValue("RateLimits:PerPhonePerMinute", 30);
    }

    public bool TryAcquire(PhoneNumber phone)
    {
        var now = Now();
        SweepIfDue(now);
        while (true)
        {
            var count = counts.GetOrAdd(phone.E164, static (_, start) => new Count(start), now);
            lock (count)
            {
                if (count.Forgotten)
                {
                    // Swept away between the lookup and the lock: count on the phone's new counter.
                    continue;
                }

                if (now - count.Start >= Window)
                {
                    count.Start = now;
                    count.Used = 0;
                }

                if (count.Used >= perMinute)
                {
                    return false;
                }

                count.Used++;
                return true;
            }
        }
    }

    /// <summary>
    /// Once a minute, forgets the phones whose minute is over: such a counter would start afresh anyway, so forgetting it
    /// changes no answer, and strangers' numbers do not pile up.
    /// </summary>
    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref nextSweep);
        if (now < due || Interlocked.CompareExchange(ref nextSweep, now + Window, due) != due)
        {
            return;
        }

        foreach (var (phone, count) in counts)
        {
            lock (count)
            {
                if (now - count.Start >= Window && counts.TryRemove(new KeyValuePair<string, Count>(phone, count)))
                {
                    count.Forgotten = true;
                }
            }
        }
    }

    /// <summary>Elapsed real time (never the calendar, which tests and operators may move).</summary>
    private static long Now() => TimeSpan.FromMilliseconds(Environment.TickCount64).Ticks;

    private sealed class Count(long start)
    {
        public long Start { get; set; } = start;

        public int Used { get; set; }

        public bool Forgotten { get; set; }
    }
}
