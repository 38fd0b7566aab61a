using Chama.Bot.Reports;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Data.Reports;
using Chama.Data.Welfare;
using Chama.Mpesa.Simulator;
using Chama.Tests;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// Rule 8 end to end: a member leaves before their turn, the others pay the round that was to be theirs, the officers
/// approve it by reply, and M-Pesa pays the leaver's refund while the rest goes to the welfare fund.
/// </summary>
public abstract class ExitRefundPayoutTests(Engine engine) : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        demo = await Demo.LoadAsync(host);
        channels = new Channels(host.CreateClient());
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_leavers_refund_is_paid_by_M_Pesa_from_their_round_once_officers_approve_and_the_rest_goes_to_welfare()
    {
        await demo.PayAsync(host, demo.Samuel, 10_000, "QKJ4HT8M01");
        var recorded = await channels.WhatsAppAsync(Phones.Grace, "EXIT 4 moved to Mombasa");
        Assert.Contains("Refund owed: KES 10,000 (Rule 8: less 0% exit deduction and fines owed). It is paid from the pot of round 4, their round", recorded);
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.Body.Contains("it is sent to you by M-Pesa from the pot of round 4", StringComparison.Ordinal));

        var round4 = demo.Rounds[3];
        var code = $"P{round4.Id}";
        var n = 0;
        foreach (var member in new[] { demo.Grace, demo.Patrick, demo.Diana })
        {
            await demo.PayAsync(host, member, 10_000, $"QKJ4HT8N{++n:00}", round: 4);
        }

        Assert.Contains($"{code} KES 10,000 Samuel Kimani (0/2)", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
        Assert.Contains("(1 of 2)", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        Assert.Contains("fully approved and the payout is queued", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE {code}"));

        var payout = (await Eventually.ReturnsAsync(
            () => host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, round4.Id),
            p => p.Count == 1 && p[0].Status == DisbursementStatus.Completed,
            "the refund paid")).Single();
        var sent = Assert.Single(daraja.Payouts);
        Assert.Equal(("254711000004", 10_000L), (sent.PhoneNumber, sent.Amount));
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.Body.Contains($"KES 10,000 (exit refund, Rule 8) by M-Pesa to +254711000004. M-Pesa reference {payout.TransactionId}", StringComparison.Ordinal));
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.Body.Contains($"Payout {code} is done: KES 10,000 (exit refund, Rule 8) reached Samuel Kimani", StringComparison.Ordinal));
        Assert.Equal(Money.Kes(20_000), await host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));

        // The welfare statement shows where the rest of the round went, and ends at the fund's balance.
        var ledger = (await host.Get<LedgerReports>().ReadAsync(demo.Chama.Id, LedgerParts.Welfare))!;
        var line = Assert.Single(WelfareRows.From(ledger.Contributions, ledger.WelfareRequests, ledger.WelfarePayouts, ledger.ExitSettlements, ledger.Members, "KES"));
        Assert.Equal(("Exit settlement", "Samuel Kimani", Money.Kes(20_000), Money.Kes(20_000)), (line.Entry, line.Member, line.In!.Value, line.Balance));
        Assert.Equal("round 4: the rest after a refund of KES 10,000", line.Detail);
    }
}

public sealed class SqliteExitRefundPayoutTests() : ExitRefundPayoutTests(Engine.Sqlite);

public sealed class PostgresExitRefundPayoutTests() : ExitRefundPayoutTests(Engine.Postgres);
