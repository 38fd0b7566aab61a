using Chama.Conversations;

namespace Chama.Bot.Payments;

/// <summary>Wakes the dispatcher as soon as a payment is queued in this process; other hosts' requests are found by polling.</summary>
public sealed class PaymentQueueSignal : IPaymentQueueSignal, IDisposable
{
    private readonly SemaphoreSlim signal = new(0);

    public void PaymentQueued() => signal.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}
