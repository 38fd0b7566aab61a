namespace Chama.Bot.Benchmarks;

/// <summary>
/// The GC heap's high-water mark over the run, sampled every 100 ms (the runtime keeps the working set's peak itself,
/// not the heap's). GC.GetTotalMemory counts what is allocated and not yet collected, so it sees the heap at its fullest
/// just before a collection.
/// </summary>
internal static class MemoryWatch
{
    private static long peak;
    private static Timer? timer;

    public static long PeakGcHeap => Math.Max(Interlocked.Read(ref peak), GC.GetTotalMemory(forceFullCollection: false));

    public static void Start() => timer ??= new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    private static void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        var seen = Interlocked.Read(ref peak);
        while (now > seen)
        {
            var previous = Interlocked.CompareExchange(ref peak, now, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }
}
