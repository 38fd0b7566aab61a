using System.Threading.RateLimiting;
using Chama.Core;

namespace Chama.Bot.Channels;

/// <summary>
/// Per-phone rate limiting for the member channels (never for M-Pesa callbacks): a token bucket per phone number,
/// so one phone sending too fast is answered politely while everyone else goes on.
/// </summary>
public sealed class PhoneRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public PhoneRateLimiter(IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:PerPhonePerMinute", 30);
        limiter = PartitionedRateLimiter.Create<string, string>(phone => RateLimitPartition.GetTokenBucketLimiter(phone, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public bool TryAcquire(PhoneNumber phone)
    {
        using var lease = limiter.AttemptAcquire(phone.E164);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
