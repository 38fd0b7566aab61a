using System.Collections.Concurrent;

namespace Chama.Bot.Benchmarks;

/// <summary>Counts failures into the recorder and keeps the first few distinct reasons, so a dirty run says why.</summary>
internal sealed class ErrorLog(LatencyRecorder recorder)
{
    private const int MaxSamples = 5;
    private readonly ConcurrentDictionary<string, long> reasons = new();

    public IReadOnlyList<string> Samples => reasons.Select(r => $"{r.Value} × {r.Key}").ToList();

    public void Add(string reason)
    {
        recorder.RecordError();
        if (reasons.Count < MaxSamples || reasons.ContainsKey(reason))
        {
            reasons.AddOrUpdate(reason, 1, (_, count) => count + 1);
        }
    }
}
