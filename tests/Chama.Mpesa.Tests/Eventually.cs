namespace Chama.Mpesa.Tests;

/// <summary>Waits, bounded, for what arrives over HTTP after the answer; the bound is generous, the polling is quick.</summary>
public static class Eventually
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for {what} after {Timeout.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }

    public static Task<T> ReturnsAsync<T>(Func<T> probe, Func<T, bool> done, string what) =>
        ReturnsAsync(() => Task.FromResult(probe()), done, what);
}
