using Chama.Core;
using NSubstitute;

namespace Chama.Bot.Tests;

/// <summary>Waits, bounded, for work that a background worker does after the reply.</summary>
public static class Eventually
{
    public static async Task ReceivedAsync(IStkPushGateway gateway, Func<PaymentRequest, bool> match, int expected = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Pushes(gateway).Count(match) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, Pushes(gateway).Count(match));
    }

    public static IEnumerable<PaymentRequest> Pushes(IStkPushGateway gateway) =>
        gateway.ReceivedCalls().Where(c => c.GetMethodInfo().Name == nameof(IStkPushGateway.StartAsync)).Select(c => (PaymentRequest)c.GetArguments()[0]!);
}
