using Chama.Bot.Demo;
using Chama.Bot.Tests.Browser;
using Chama.Mpesa.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>The demo's in-process Daraja: the host registers its paybill URLs on its own address once it listens.</summary>
public sealed class LocalDarajaTests : IDisposable
{
    private readonly SimulatorHost host = new();

    public LocalDarajaTests() => host.Start();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_paybill_payment_in_the_demo_reaches_the_member()
    {
        var daraja = host.Services.GetRequiredService<LocalDaraja>().Simulator;

        var payment = await Eventually.ReturnsAsync(() => TryPayAsync(daraja), paid => paid is { Confirmed: true }, "the paybill URLs to be registered");

        await Eventually.ReturnsAsync(
            () => DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{payment!.TransId}'"), count => count == 1, "the contribution");
    }

    private static async Task<PaybillPayment?> TryPayAsync(DarajaSimulator daraja)
    {
        try
        {
            return await daraja.PayBillAsync("UMOJA-4", 10_000);
        }
        catch (InvalidOperationException)
        {
            return null; // not registered yet
        }
    }
}
