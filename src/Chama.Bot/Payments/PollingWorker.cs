namespace Chama.Bot.Payments;

/// <summary>
/// A background worker that runs one pass every <see cref="Interval"/>. A failed pass (database locked, M-Pesa
/// unreachable) is logged and retried on the next one: the worker outlives it.
/// </summary>
public abstract partial class PollingWorker(ILogger logger) : BackgroundService
{
    protected virtual TimeSpan Interval => TimeSpan.FromSeconds(1);

    /// <summary>One pass; public so tests can drive a pass at a moment of their choosing.</summary>
    public abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected virtual Task WaitAsync(CancellationToken stoppingToken) => Task.Delay(Interval, stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A worker must outlive a failed pass; it retries on the next one.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                LogPassFailed(GetType().Name, failure);
                await Task.Delay(Interval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} pass failed; retrying")]
    private partial void LogPassFailed(string worker, Exception failure);
}
