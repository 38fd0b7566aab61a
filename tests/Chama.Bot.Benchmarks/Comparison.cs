using System.Globalization;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// Runs set side by side: PostgreSQL against SQLite with the same chamas, and many chamas against few on the same
/// engine, for every scenario but the bare endpoint, with the ratios and the aims for the mixed load.
/// </summary>
internal static class Comparison
{
    private const string Judged = "mixed";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(IReadOnlyList<RunResult> runs)
    {
        if (runs.Select(r => r.Engine).Distinct().Count() > 1)
        {
            foreach (var sameChamas in runs.GroupBy(r => r.Chamas))
            {
                Engines(sameChamas.Key, sameChamas.ToList());
            }
        }

        if (runs.Select(r => r.Chamas).Distinct().Count() > 1)
        {
            foreach (var sameEngine in runs.GroupBy(r => r.Engine))
            {
                ChamaCounts(sameEngine.ToList());
            }
        }
    }

    /// <summary>The aims: PostgreSQL's mixed capacity at least SQLite's, its open-loop p99 under the aim at half that capacity, no errors.</summary>
    private static void Engines(int chamas, IReadOnlyList<RunResult> runs)
    {
        var sqlite = runs.FirstOrDefault(r => r.Engine == "Sqlite");
        var postgres = runs.FirstOrDefault(r => r.Engine == "Postgres");
        if (sqlite is null || postgres is null)
        {
            return;
        }

        Console.WriteLine($"PostgreSQL against SQLite, {chamas:N0} chamas, one run after the other on this machine:");
        Header("engine");
        foreach (var name in Scenarios(runs))
        {
            Row(name, sqlite.EngineName, sqlite);
            Row(name, postgres.EngineName, postgres);
            Console.WriteLine(string.Format(Invariant, "  {0,-9} PostgreSQL/SQLite: capacity {1}, open-loop p99 {2}",
                name, Ratio(Capacity(postgres, name), Capacity(sqlite, name)), Ratio(P99(postgres, name)?.TotalMilliseconds, P99(sqlite, name)?.TotalMilliseconds)));
        }

        if (postgres.Capacity.TryGetValue(Judged, out var postgresMixed) && sqlite.Capacity.TryGetValue(Judged, out var sqliteMixed))
        {
            Console.WriteLine($"Aims for {Judged} (issue 19):");
            var met = Verdict(
                $"PostgreSQL capacity >= SQLite's ({postgresMixed.Throughput:0} against {sqliteMixed.Throughput:0} req/s)",
                postgresMixed.Throughput >= sqliteMixed.Throughput);
            if (postgres.OpenLoop.TryGetValue(Judged, out var open))
            {
                var half = Math.Abs(open.TargetRate!.Value - Math.Round(postgresMixed.Throughput / 2)) < 1;
                met &= Verdict(
                    $"PostgreSQL open-loop p99 < {Report.Ms(Report.LatencyAim)} ms at half its capacity ({Report.Ms(open.Latency.Percentile(99))} ms at {open.TargetRate:0} req/s{(half ? "" : ", NOT half its capacity")})",
                    half && open.Latency.Percentile(99) < Report.LatencyAim);
            }

            met &= Verdict("no errors on either engine", sqlite.Clean && postgres.Clean);
            Console.WriteLine(met ? "  All met." : "  Not every aim is met.");
        }

        Console.WriteLine();
    }

    /// <summary>The aim: capacity with the most chamas no lower than with the fewest, each writing at once.</summary>
    private static void ChamaCounts(IReadOnlyList<RunResult> runs)
    {
        var fewest = runs.MinBy(r => r.Chamas)!;
        var most = runs.MaxBy(r => r.Chamas)!;
        Console.WriteLine($"{fewest.EngineName}: {most.Chamas:N0} chamas against {fewest.Chamas:N0}:");
        Header("chamas");
        foreach (var name in Scenarios(runs))
        {
            foreach (var run in runs.OrderBy(r => r.Chamas))
            {
                Row(name, run.Chamas.ToString("N0", Invariant), run);
            }

            Console.WriteLine(string.Format(Invariant, "  {0,-9} {1:N0}/{2:N0} chamas: capacity {3}, open-loop p99 {4}",
                name, most.Chamas, fewest.Chamas, Ratio(Capacity(most, name), Capacity(fewest, name)), Ratio(P99(most, name)?.TotalMilliseconds, P99(fewest, name)?.TotalMilliseconds)));
        }

        if (most.Capacity.TryGetValue(Judged, out var many) && fewest.Capacity.TryGetValue(Judged, out var few))
        {
            Console.WriteLine($"Aims for {Judged} (issue 19):");
            var met = Verdict($"capacity with {most.Chamas:N0} chamas >= with {fewest.Chamas:N0} ({many.Throughput:0} against {few.Throughput:0} req/s)", many.Throughput >= few.Throughput);
            met &= Verdict("no errors", runs.All(r => r.Clean));
            Console.WriteLine(met ? "  All met." : "  Not every aim is met.");
        }

        Console.WriteLine();
    }

    /// <summary>The scenarios every run measured, the judged one first; the bare endpoint is no database's work.</summary>
    private static IEnumerable<string> Scenarios(IReadOnlyList<RunResult> runs) =>
        runs[0].Capacity.Keys
            .Where(name => name != "bare" && runs.All(r => r.Capacity.ContainsKey(name)))
            .OrderBy(name => name == Judged ? 0 : 1);

    private static void Header(string what) =>
        Console.WriteLine(string.Format(Invariant, "  {0,-9} {1,-10} {2,11} {3,10} {4,8} {5,8} {6,7}", "scenario", what, "capacity/s", "open at/s", "p50 ms", "p99 ms", "errors"));

    private static void Row(string name, string label, RunResult run)
    {
        var open = run.OpenLoop.GetValueOrDefault(name);
        Console.WriteLine(string.Format(Invariant, "  {0,-9} {1,-10} {2,11:0} {3,10} {4,8} {5,8} {6,7}",
            name,
            label,
            run.Capacity[name].Throughput,
            open?.TargetRate is { } rate ? rate.ToString("0", Invariant) : "-",
            open is null ? "-" : Report.Ms(open.Latency.Percentile(50)),
            open is null ? "-" : Report.Ms(open.Latency.Percentile(99)),
            run.Capacity[name].Latency.Errors + (open?.Latency.Errors ?? 0)));
    }

    private static double Capacity(RunResult run, string name) => run.Capacity[name].Throughput;

    private static TimeSpan? P99(RunResult run, string name) => run.OpenLoop.GetValueOrDefault(name)?.Latency.Percentile(99);

    private static string Ratio(double? top, double? bottom) =>
        top is { } t && bottom is > 0 ? string.Format(Invariant, "{0:0.00}x", t / bottom.Value) : "-";

    private static bool Verdict(string aim, bool met)
    {
        Console.WriteLine($"  {aim}: {(met ? "MET" : "MISSED")}");
        return met;
    }
}
