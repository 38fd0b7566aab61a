using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// Posts callbacks the way Daraja does, after the answer and off the request, and records every delivery. A
/// delivery never throws: an unreachable listener is recorded as such, as Daraja would shrug it off.
/// </summary>
internal sealed class CallbackSender(TimeProvider clock) : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<CallbackDelivery> deliveries = new();
    private readonly ConcurrentDictionary<Task, bool> inFlight = new();

    public IReadOnlyList<CallbackDelivery> Deliveries => [.. deliveries];

    /// <summary>Posts <paramref name="body"/> <paramref name="times"/> times at once, after <paramref name="delay"/>.</summary>
    public void Schedule(Uri url, string body, TimeSpan delay, int times = 1)
    {
        if (times <= 0)
        {
            return;
        }

        // The delay starts now, not when a thread picks the work up, so that a fake clock advanced right after the
        // request still releases it.
        var task = DeliverWhenDueAsync(Task.Delay(delay, clock, stopping.Token), url, body, times);
        inFlight.TryAdd(task, true);
        task.ContinueWith(done => inFlight.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task DeliverWhenDueAsync(Task due, Uri url, string body, int times)
    {
        try
        {
            await due;
            await SendAsync(url, body, times);
        }
        catch (OperationCanceledException)
        {
            // The simulator stopped before the callback was due.
        }
    }

    /// <summary>Posts <paramref name="body"/> <paramref name="times"/> times concurrently and waits for the answers.</summary>
    public Task SendAsync(Uri url, string body, int times = 1) =>
        Task.WhenAll(Enumerable.Range(0, times).Select(_ => PostAsync(url, body)));

    /// <summary>Posts once and returns the listener's answer body ("" when it could not be reached).</summary>
    public async Task<string> PostAsync(Uri url, string body)
    {
        try
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content, stopping.Token);
            var answer = await response.Content.ReadAsStringAsync(stopping.Token);
            deliveries.Enqueue(new CallbackDelivery(url, body, (int)response.StatusCode, null, clock.GetUtcNow()));
            return answer;
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException)
        {
            deliveries.Enqueue(new CallbackDelivery(url, body, null, failure.Message, clock.GetUtcNow()));
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(inFlight.Keys);
        stopping.Dispose();
        http.Dispose();
    }
}
