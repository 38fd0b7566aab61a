using Chama.Core;

namespace Chama.Bot.Payments;

/// <summary>
/// The payments port when no M-Pesa connection is configured: every push is refused, so members are told nothing was
/// charged instead of waiting for a prompt that will never come.
/// </summary>
public sealed class UnconfiguredStkPush : IStkPushGateway
{
    public Task<string> StartAsync(PaymentRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("M-Pesa is not configured on this host (set Mpesa:Simulate for the local simulator).");
}
