using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Chama.Bot.Benchmarks;

/// <summary>Everything the benchmark prints: the header, one table row per phase, the ratios and the aims.</summary>
internal static class Report
{
    /// <summary>The bot's webhooks should sustain at least this share of the bare endpoint's throughput.</summary>
    public const double ThroughputAim = 0.5;

    /// <summary>The open loop's p99 should stay under this.</summary>
    public static readonly TimeSpan LatencyAim = TimeSpan.FromMilliseconds(10);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Header(BenchmarkOptions options, Uri address, string database, int members)
    {
        Console.WriteLine("Chama.Bot webhook benchmark");
        Console.WriteLine($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine($"  Client and server share this process and these {Environment.ProcessorCount} cores: every figure is for both together,");
        Console.WriteLine("  and on a small machine the client's share is large. Compare runs on the same machine, not across machines.");
        Console.WriteLine($"  Host: {address} (environment Benchmark, {database}, {members} member phones)");
        Console.WriteLine($"  Phases per scenario: warm-up {Seconds(options.WarmUp)}, capacity (closed loop, {options.Workers} workers) {Seconds(options.CapacityDuration)}, " +
            $"open loop {Seconds(options.Duration)}");
        Console.WriteLine("  Open-loop latency runs from each request's scheduled instant to the end of its answer (no coordinated omission).");
        Console.WriteLine();
    }

    public static void Line(string text) => Console.WriteLine(text);

    public static void Table(IEnumerable<PhaseResult> results)
    {
        var header = string.Format(Invariant, "{0,-9} {1,-10} {2,9} {3,10} {4,8} {5,8} {6,8} {7,8} {8,7} {9,8} {10,8} {11,9} {12,10}",
            "scenario", "phase", "target/s", "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "lag p99", "CPU µs", "alloc KB", "GC 0/1/2");
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length));
        foreach (var r in results)
        {
            Console.WriteLine(string.Format(Invariant, "{0,-9} {1,-10} {2,9} {3,10:0} {4,8} {5,8} {6,8} {7,8} {8,7} {9,8} {10,8:0} {11,9:0.0} {12,10}",
                r.Scenario,
                r.Phase,
                r.TargetRate is { } rate ? rate.ToString("0", Invariant) : "-",
                r.Throughput,
                Ms(r.Latency.Percentile(50)),
                Ms(r.Latency.Percentile(99)),
                Ms(r.Latency.Percentile(99.9)),
                Ms(r.Latency.Max),
                r.Latency.Errors,
                r.DispatchLag is { } lag ? Ms(lag.Percentile(99)) : "-",
                r.CpuPerRequest.TotalMicroseconds,
                r.AllocatedPerRequest / 1024.0,
                $"{r.After.Gen0 - r.Before.Gen0}/{r.After.Gen1 - r.Before.Gen1}/{r.After.Gen2 - r.Before.Gen2}"));
        }

        Console.WriteLine();
        Console.WriteLine("  CPU µs and alloc KB are per request, for the whole process (client included); lag p99 is how late the");
        Console.WriteLine("  open-loop schedule sent requests (already inside their latency).");
        foreach (var r in results.Where(r => r.ErrorSamples.Count > 0))
        {
            Console.WriteLine($"  {r.Scenario} {r.Phase} errors: {string.Join("; ", r.ErrorSamples)}");
        }

        Console.WriteLine();
    }

    public static void Aims(IReadOnlyDictionary<string, PhaseResult> capacity, IReadOnlyDictionary<string, PhaseResult> openLoop, double? bareHalfRate)
    {
        Console.WriteLine($"Aims: webhooks at >= {ThroughputAim:0%} of the bare endpoint's capacity; open-loop p99 < {Ms(LatencyAim)} ms with no errors at half the bare capacity.");
        var allMet = true;
        foreach (var name in capacity.Keys.Where(n => n != "bare"))
        {
            if (capacity.TryGetValue("bare", out var bare) && bare.Throughput > 0)
            {
                var ratio = capacity[name].Throughput / bare.Throughput;
                var met = ratio >= ThroughputAim && capacity[name].Clean;
                allMet &= met;
                Console.WriteLine(string.Format(Invariant, "  {0,-9} throughput {1,7:0} / bare {2,7:0} req/s = {3,5:0.0%}   {4}",
                    name, capacity[name].Throughput, bare.Throughput, ratio, met ? "MET" : "MISSED"));
            }

            if (openLoop.TryGetValue(name, out var open))
            {
                var p99 = open.Latency.Percentile(99);
                var atAimRate = bareHalfRate is { } aimRate && Math.Abs(open.TargetRate!.Value - aimRate) < 0.5;
                var met = atAimRate && p99 < LatencyAim && open.Clean;
                allMet &= met;
                var verdict = met ? "MET"
                    : atAimRate ? "MISSED"
                    : $"MISSED (not run at the aim's rate{(bareHalfRate is { } r ? $" of {r:0} req/s" : "")}; p99 < {Ms(LatencyAim)} ms there: {(p99 < LatencyAim && open.Clean ? "yes" : "no")})";
                Console.WriteLine(string.Format(Invariant, "  {0,-9} p99 {1,7} ms at {2,6:0} req/s, {3} errors   {4}",
                    name, Ms(p99), open.TargetRate, open.Latency.Errors, verdict));
            }
        }

        Console.WriteLine(allMet ? "  All aims met." : "  Not every aim is met.");
        Console.WriteLine();
    }

    public static void Memory()
    {
        var sample = ProcessSample.Take();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine(string.Format(Invariant,
            "Memory: peak working set {0:0} MB, working set at the end {1:0} MB, GC heap at the end {2:0} MB (peak GC heap {3:0} MB), {4:0} MB allocated in all, collections {5}/{6}/{7} (gen 0/1/2)",
            process.PeakWorkingSet64 / 1048576.0, sample.WorkingSet / 1048576.0, sample.GcHeap / 1048576.0, MemoryWatch.PeakGcHeap / 1048576.0,
            sample.Allocated / 1048576.0, sample.Gen0, sample.Gen1, sample.Gen2));
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "0.00" : "0.0", Invariant);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", Invariant) + " s";
}
