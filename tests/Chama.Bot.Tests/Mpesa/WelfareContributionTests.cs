using Chama.Bot.Reports;
using Chama.Bot.Tests.Reports;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Data.Welfare;
using Chama.Mpesa.Simulator;
using Chama.Tests;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// A member gives to the welfare fund of their own will from the pay menu: an M-Pesa prompt for the amount they choose,
/// the callback records it in the welfare fund under its receipt, the member is receipted, and the payment is in their
/// statement and the welfare report. Nothing of it touches a pot.
/// </summary>
public abstract class WelfareContributionTests(Engine engine) : IAsyncLifetime
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
    public async Task A_voluntary_welfare_contribution_by_STK_is_receipted_and_appears_in_the_statement_and_the_welfare_report()
    {
        Assert.Contains("\n4. Give to the welfare fund\n0. Back", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.StartsWith("Enter the amount to give to the welfare fund (KES 1 to KES 250,000)", await channels.WhatsAppAsync(Phones.Samuel, "4"));
        Assert.StartsWith("Pay KES 750 to Umoja Investment Club for the welfare fund from M-Pesa +254711000004?", await channels.WhatsAppAsync(Phones.Samuel, "750"));
        Assert.Contains("Enter your M-Pesa PIN", await channels.WhatsAppAsync(Phones.Samuel, "1"));

        var receipt = await ReceiptMessageAsync(demo.Samuel);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal((750L, "Welfare", "UMOJA-4"), (push.Amount, push.TransactionDesc, push.AccountReference));
        Assert.StartsWith($"Received KES 750 from Samuel Kimani, M-Pesa receipt {push.Receipt}, into the Umoja Investment Club welfare fund.", receipt.Body);

        // In the welfare fund once, under its receipt, naming the push; no pot has it.
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{push.Receipt}' AND fund = 'Welfare' AND round_id IS NULL AND payment_request_id IS NOT NULL"));
        Assert.Equal(Money.Kes(750), await host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
        Assert.Equal(Money.Kes(0), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);

        var statement = await channels.WhatsAppAsync(Phones.Samuel, "STATEMENT");
        Assert.Contains($"gave KES 750 to the welfare fund by M-Pesa {push.Receipt}", statement);
        Assert.Contains("Paid into the welfare fund: KES 750", statement);
        Assert.Contains("Balance now: KES -10,000 (owed)", statement);

        using var csv = new MemoryStream();
        await host.Get<CsvReports>().WriteAsync(demo.Chama.Id, CsvReport.Welfare, csv);
        var row = WrittenReport.Read(csv.ToArray()).Row("Receipt or reference", push.Receipt!);
        Assert.Equal(("Contribution", "Samuel Kimani", "750.00", "750.00"), (row["Entry"], row["Member"], row["In"], row["Balance"]));
    }

    [Fact]
    public async Task On_USSD_the_welfare_contribution_is_pushed_after_the_session_ends()
    {
        await channels.UssdAsync("ATUid_w1", Phones.Samuel, "");
        Assert.Contains("\n4. Give to the welfare fund\n", await channels.UssdAsync("ATUid_w1", Phones.Samuel, "1"));
        Assert.StartsWith("CON Enter the amount to give to the welfare fund", await channels.UssdAsync("ATUid_w1", Phones.Samuel, "1*4"));
        Assert.StartsWith("CON Pay KES 200 to Umoja Investment Club for the welfare fund", await channels.UssdAsync("ATUid_w1", Phones.Samuel, "1*4*200"));
        Assert.StartsWith("END You will get an M-Pesa prompt for KES 200.", await channels.UssdAsync("ATUid_w1", Phones.Samuel, "1*4*200*1"));

        Assert.Contains("into the Umoja Investment Club welfare fund", (await ReceiptMessageAsync(demo.Samuel)).Body);
        Assert.Equal(Money.Kes(200), await host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
        Assert.Equal(Money.Kes(200), (await host.Get<MemberStatements>().FindAsync(demo.Samuel, NairobiTime.Today(host.Clock)))!.WelfarePaid);
    }

    private async Task<QueuedMessage> ReceiptMessageAsync(Member member) =>
        (await Eventually.ReturnsAsync(
            () => host.Get<Outbox>().ListForPhoneAsync(member.Phone), messages => messages.Any(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal)), "the receipt"))
        .First(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal));
}

public sealed class SqliteWelfareContributionTests() : WelfareContributionTests(Engine.Sqlite);

public sealed class PostgresWelfareContributionTests() : WelfareContributionTests(Engine.Postgres);
