using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Bot.Tests.Mpesa;
using Chama.Mpesa.Simulator;
using Chama.Tests;

namespace Chama.Bot.Tests.Loans;

/// <summary>
/// A chama that keeps savings: the officers set the savings by the quorum, a member saves from the pay menu on WhatsApp,
/// the Daraja simulator pays the push, the member is receipted into savings, and BALANCE shows the savings. No pot has it.
/// </summary>
public abstract class SavingsByPayTests(Engine engine) : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        channels = new Channels(host.CreateClient());
        demo = await Demo.LoadAsync(host);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_member_saves_by_PAY_on_WhatsApp_and_BALANCE_shows_the_savings()
    {
        Assert.DoesNotContain("5. Save", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        await channels.WhatsAppAsync(Phones.Samuel, "0");
        await channels.WhatsAppAsync(Phones.Patrick, "RULE SAVINGS 1000");
        Assert.Contains("In force now", await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1"));

        Assert.Contains("\n5. Save (KES 1,000 a meeting)\n0. Back", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.StartsWith("Enter the amount to save (KES 1,000 a meeting) (KES 1 to KES 250,000)", await channels.WhatsAppAsync(Phones.Samuel, "5"));
        Assert.StartsWith("Pay KES 1,500 to Umoja Investment Club for your savings from M-Pesa +254711000004?", await channels.WhatsAppAsync(Phones.Samuel, "1500"));
        Assert.Contains("Enter your M-Pesa PIN", await channels.WhatsAppAsync(Phones.Samuel, "1"));

        var receipt = await ReceiptMessageAsync(demo.Samuel);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal((1_500L, "Savings"), (push.Amount, push.TransactionDesc));
        Assert.StartsWith($"Received KES 1,500 from Samuel Kimani, M-Pesa receipt {push.Receipt}, into your Umoja Investment Club savings. Your savings are now KES 1,500.", receipt.Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{push.Receipt}' AND fund = 'Savings' AND round_id IS NULL AND payment_request_id IS NOT NULL"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "payment_requests", "purpose = 'Savings' AND round_id IS NULL"));
        Assert.Equal(Money.Kes(0), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);

        var balance = await channels.WhatsAppAsync(Phones.Samuel, "BALANCE");
        Assert.Contains("Paid: KES 0\n", balance);
        Assert.Contains("\nSavings: KES 1,500 (KES 1,000 a meeting)\n", balance);
    }

    private async Task<QueuedMessage> ReceiptMessageAsync(Member member) =>
        (await Eventually.ReturnsAsync(
            () => host.Get<Outbox>().ListForPhoneAsync(member.Phone), messages => messages.Any(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal)), "the receipt"))
        .First(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal));
}

public sealed class SqliteSavingsByPayTests() : SavingsByPayTests(Engine.Sqlite);

public sealed class PostgresSavingsByPayTests() : SavingsByPayTests(Engine.Postgres);
