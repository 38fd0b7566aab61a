namespace Chama.Bot.Benchmarks;

/// <summary>What one phase of one scenario measured. Process-wide figures (CPU, allocation, GC) include the client's share.</summary>
internal sealed record PhaseResult(
    string Scenario,
    string Phase,
    double? TargetRate,
    TimeSpan Elapsed,
    LatencyRecorder Latency,
    LatencyRecorder? DispatchLag,
    ProcessSample Before,
    ProcessSample After,
    IReadOnlyList<string> ErrorSamples)
{
    public long Requests => Latency.Count;

    public double Throughput => Requests / Elapsed.TotalSeconds;

    public bool Clean => Latency.Errors == 0 && Requests > 0;

    public TimeSpan CpuPerRequest => Requests == 0 ? TimeSpan.Zero : (After.Cpu - Before.Cpu) / Requests;

    public long AllocatedPerRequest => Requests == 0 ? 0 : (After.Allocated - Before.Allocated) / Requests;
}

/// <summary>The process's counters at one instant, so a phase can report its own CPU, allocation and collections.</summary>
internal sealed record ProcessSample(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2, long WorkingSet, long GcHeap)
{
    public static ProcessSample Take()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessSample(
            process.TotalProcessorTime,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            process.WorkingSet64,
            GC.GetGCMemoryInfo().HeapSizeBytes);
    }
}
