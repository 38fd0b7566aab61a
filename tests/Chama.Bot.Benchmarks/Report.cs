using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Chama.Bot.Benchmarks;

/// <summary>Everything the benchmark prints: the header, one table row per phase, the ratios and the aims.</summary>
internal static class Report
{
    /// <summary>The open loop's p99 should stay under this, with no errors.</summary>
    public static readonly TimeSpan LatencyAim = TimeSpan.FromMilliseconds(20);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The share of the bare endpoint's capacity each webhook should sustain in the same run: a USSD hop and a WhatsApp
    /// message are a read and a session save, an STK callback a durable ledger write. Null where no share is aimed at
    /// (the mixed load is judged across engines and chama counts instead, see <see cref="Comparison"/>).
    /// </summary>
    public static double? ThroughputAim(string scenario) => scenario switch
    {
        "ussd" or "whatsapp" => 0.25,
        "stk" => 0.20,
        _ => null,
    };

    /// <summary>What holds for every run: the machine, the phases, and the runs to come.</summary>
    public static void Title(BenchmarkOptions options)
    {
        Console.WriteLine("Chama.Bot webhook benchmark");
        Console.WriteLine($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}");
        Console.WriteLine($"  Client and server share this process and these {Environment.ProcessorCount} cores: every figure is for both together,");
        Console.WriteLine("  and on a small machine the client's share is large. Compare runs on the same machine, not across machines.");
        Console.WriteLine($"  Phases per scenario: warm-up {Seconds(options.WarmUp)} ({Seconds(options.FirstWarmUp)} in the first run), capacity (closed loop, {options.Workers} workers) {Seconds(options.CapacityDuration)}, " +
            $"open loop {Seconds(options.Duration)}");
        Console.WriteLine("  Open-loop latency runs from each request's scheduled instant to the end of its answer (no coordinated omission).");
        var engines = string.Join(" then ", options.Engines.Select(e => e == "Postgres" ? "PostgreSQL" : "SQLite"));
        var chamas = string.Join(" then ", options.ChamaCounts.Select(extra => (extra + 1).ToString("N0", Invariant)));
        Console.WriteLine($"  Runs, one after the other, each on a fresh database seeded the same way: {engines}; with {chamas} chamas; scenarios {string.Join(",", options.Scenarios)}");
        Console.WriteLine();
    }

    /// <summary>One run's database, host and seed.</summary>
    public static void Header(Uri address, string database, int chamas, int members, TimeSpan seeding)
    {
        Console.WriteLine($"== {database}, {chamas:N0} chamas ==");
        Console.WriteLine($"  Host: {address} (environment Benchmark), load average {LoadAverage()}");
        Console.WriteLine($"  Seeded {chamas:N0} chamas, {members:N0} member phones, a cycle running in each, in {Seconds(seeding)}");
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

    public static void Aims(RunResult run)
    {
        Console.WriteLine($"Aims, per scenario against this run's bare endpoint: USSD and WhatsApp >= {ThroughputAim("ussd"):0%} of its capacity, " +
            $"STK >= {ThroughputAim("stk"):0%}; open-loop p99 < {Ms(LatencyAim)} ms with no errors. Allocation per request (capacity phase) beside.");
        var allMet = true;
        var bare = run.Capacity.GetValueOrDefault("bare");
        foreach (var name in run.Capacity.Keys.Where(n => n != "bare"))
        {
            var capacity = run.Capacity[name];
            var allocated = string.Format(Invariant, "{0,6:0.0} KB/request", capacity.AllocatedPerRequest / 1024.0);
            if (bare is { Throughput: > 0 })
            {
                var ratio = capacity.Throughput / bare.Throughput;
                var aim = ThroughputAim(name);
                var met = aim is null || (ratio >= aim && capacity.Clean);
                allMet &= met;
                Console.WriteLine(string.Format(Invariant, "  {0,-9} capacity {1,7:0} / bare {2,7:0} req/s = {3,6:0.0%}  {4,-14} {5}   {6}",
                    name, capacity.Throughput, bare.Throughput, ratio, aim is { } share ? $"(aim {share:0%})" : "(no aim)", aim is null ? "-     " : met ? "MET   " : "MISSED", allocated));
            }
            else
            {
                Console.WriteLine(string.Format(Invariant, "  {0,-9} capacity {1,7:0} req/s (bare not measured)   {2}", name, capacity.Throughput, allocated));
            }

            if (run.OpenLoop.TryGetValue(name, out var open))
            {
                var p99 = open.Latency.Percentile(99);
                var met = p99 < LatencyAim && open.Clean;
                allMet &= met;
                Console.WriteLine(string.Format(Invariant, "  {0,-9} p99 {1,7} ms at {2,6:0} req/s, {3} errors   {4}",
                    name, Ms(p99), open.TargetRate, open.Latency.Errors, met ? "MET" : "MISSED"));
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

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "0.00" : "0.0", Invariant);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", Invariant) + " s";
}
