using System.Numerics;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// A lock-free latency histogram in microseconds, HdrHistogram-style: exact below 128 µs, then 64 buckets per power of
/// two (under 1.6 % error), so recording is one interlocked increment into a preallocated array whatever the count,
/// and the recorder allocates nothing while the load runs.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private const int SubBits = 6;
    private const int MaxExponent = 40;
    private readonly long[] counts = new long[Linear + ((MaxExponent - 6) * SubBuckets)];
    private long total;
    private long max;
    private long errors;

    public long Count => Interlocked.Read(ref total);

    public long Errors => Interlocked.Read(ref errors);

    public TimeSpan Max => TimeSpan.FromMicroseconds(Interlocked.Read(ref max));

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref counts[Index(micros)]);
        Interlocked.Increment(ref total);
        var seen = Interlocked.Read(ref max);
        while (micros > seen)
        {
            var previous = Interlocked.CompareExchange(ref max, micros, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }

    /// <summary>A failed request: counted apart, and its latency is still recorded by the caller (a slow failure is slow).</summary>
    public void RecordError() => Interlocked.Increment(ref errors);

    /// <summary>The latency at or below which <paramref name="percentile"/> % of requests were answered (bucket upper bound, capped at the max).</summary>
    public TimeSpan Percentile(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * count);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += Interlocked.Read(ref counts[i]);
            if (seen >= Math.Max(1, rank))
            {
                return TimeSpan.FromMicroseconds(Math.Min(UpperBound(i), Interlocked.Read(ref max)));
            }
        }

        return Max;
    }

    private static int Index(long micros)
    {
        if (micros < Linear)
        {
            return (int)micros;
        }

        var exponent = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)micros), MaxExponent - 1);
        var sub = (int)((micros >> (exponent - SubBits)) & (SubBuckets - 1));
        return Math.Min(Linear + ((exponent - 7) * SubBuckets) + sub, (Linear + ((MaxExponent - 7) * SubBuckets)) - 1);
    }

    private static long UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var exponent = ((index - Linear) / SubBuckets) + 7;
        var sub = (index - Linear) % SubBuckets;
        var width = 1L << (exponent - SubBits);
        return (1L << exponent) + ((sub + 1) * width) - 1;
    }
}
