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

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds, for at most ten seconds.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
