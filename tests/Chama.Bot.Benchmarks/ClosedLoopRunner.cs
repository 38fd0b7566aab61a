using System.Diagnostics;
using Chama.Bot.Benchmarks.Scenarios;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// Capacity: a fixed number of workers, each sending its next request as soon as the last is answered, for a fixed
/// time. The requests answered per second is the most the host sustains; its latencies are not a service level (a
/// closed loop slows down with the server and so hides queueing), which is what the open loop is for.
/// </summary>
internal static class ClosedLoopRunner
{
    public static async Task<PhaseResult> RunAsync(HttpClient client, Scenario scenario, string phase, int workers, TimeSpan duration)
    {
        var latency = new LatencyRecorder();
        var errors = new ErrorLog(latency);
        var before = ProcessSample.Take();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task WorkAsync()
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var request = scenario.Next();
                var sent = Stopwatch.GetTimestamp();
                var failure = await Exchange.SendAsync(client, scenario, request);
                latency.Record(Stopwatch.GetElapsedTime(sent));
                if (failure is not null)
                {
                    errors.Add(failure);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new PhaseResult(scenario.Name, phase, null, elapsed, latency, null, before, ProcessSample.Take(), errors.Samples);
    }
}
