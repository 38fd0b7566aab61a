using System.Diagnostics;
using Chama.Bot.Benchmarks.Scenarios;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// Service level at a fixed arrival rate, as real traffic arrives: request i is due at start + i / rate and is sent then
/// whether or not earlier ones were answered, and its latency runs from that due instant to the end of its answer. A
/// slow answer therefore cannot delay the schedule and hide the requests queued behind it (coordinated omission).
/// </summary>
internal static class OpenLoopRunner
{
    /// <summary>How long to wait, after the last request is sent, for the stragglers; any still out then are errors.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    public static async Task<PhaseResult> RunAsync(HttpClient client, Scenario scenario, double rate, TimeSpan duration)
    {
        var latency = new LatencyRecorder();
        var lag = new LatencyRecorder();
        var errors = new ErrorLog(latency);
        var total = (long)Math.Round(rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        long outstanding = 1;
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Done()
        {
            if (Interlocked.Decrement(ref outstanding) == 0)
            {
                allAnswered.TrySetResult();
            }
        }

        async Task SendAsync(HttpRequestMessage request, long due)
        {
            try
            {
                var failure = await Exchange.SendAsync(client, scenario, request);
                latency.Record(Stopwatch.GetElapsedTime(due));
                if (failure is not null)
                {
                    errors.Add(failure);
                }
            }
            finally
            {
                Done();
            }
        }

        var before = ProcessSample.Take();
        var start = Stopwatch.GetTimestamp();

        // The schedule runs on its own thread so that a busy thread pool (the server's and the client's work) cannot
        // hold it back. It sleeps while it is ahead rather than spinning: with client and server on the same cores a
        // spinning scheduler would steal the CPU it is measuring. Sleeping is ~1 ms coarse, so a request may go out up
        // to about a millisecond after it was due; that lag is inside its latency (measured from the due instant) and
        // is also recorded apart.
        var scheduler = new Thread(() =>
        {
            for (long i = 0; i < total; i++)
            {
                // Built before its due instant, so building (and signing) is the client's cost, outside the latency.
                var request = scenario.Next();
                var due = start + (long)(i * ticksPerRequest);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                lag.Record(Stopwatch.GetElapsedTime(due));
                Interlocked.Increment(ref outstanding);
                _ = SendAsync(request, due);
            }

            Done();
        })
        { IsBackground = true, Name = "open-loop schedule", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();

        var sendingEnds = TimeSpan.FromSeconds(total / rate);
        var finished = await Task.WhenAny(allAnswered.Task, Task.Delay(sendingEnds + Drain));
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (finished != allAnswered.Task)
        {
            var missing = Interlocked.Read(ref outstanding);
            for (long i = 0; i < missing; i++)
            {
                errors.Add($"no answer within {Drain.TotalSeconds:0} s of the schedule's end");
            }
        }

        // Throughput over the schedule's length (or longer, if answers came late), never inflated by a short window.
        var window = elapsed > sendingEnds ? elapsed : sendingEnds;
        return new PhaseResult(scenario.Name, "open loop", rate, window, latency, lag, before, ProcessSample.Take(), errors.Samples);
    }
}
