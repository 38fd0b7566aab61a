using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Chama.Data.Payments;
using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>Paying a contribution end to end: WhatsApp or paybill → Daraja simulator over HTTP → callback → ledger → receipt.</summary>
public sealed class PayByMpesaTests : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja).Start();
        channels = new Channels(host.CreateClient());
        demo = await Demo.LoadAsync(host);
        await host.Get<DarajaClient>().RegisterC2BUrlsAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_member_pays_on_WhatsApp_and_the_receipt_follows_the_callback()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        await channels.WhatsAppAsync(Phones.Samuel, "1");
        Assert.Contains("Enter your M-Pesa PIN", await channels.WhatsAppAsync(Phones.Samuel, "1"));

        var receipt = await ReceiptMessageAsync(demo.Samuel);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal(("254711000004", 10_000L, "UMOJA-4"), (push.PhoneNumber, push.Amount, push.AccountReference));
        Assert.Contains($"Received KES 10,000 from Samuel Kimani, M-Pesa receipt {push.Receipt}", receipt.Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{push.Receipt}'"));
    }

    [Fact]
    public async Task A_cancelled_prompt_tells_the_member_and_records_nothing()
    {
        daraja.ScriptStk(StkOutcome.Cancelled);
        await host.PushAsync(demo, demo.Samuel, 10_000);

        var message = await Eventually.ReturnsAsync(() => host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.Count > 0, "the failure message");
        Assert.Contains("You cancelled the M-Pesa prompt for KES 10,000", Assert.Single(message).Body);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "contributions"));
    }

    [Fact]
    public async Task A_dropped_callback_is_recovered_by_the_reconciliation_query_and_a_late_copy_counts_once()
    {
        daraja.ScriptStk(StkOutcome.NoCallback);
        var checkout = await host.PushAsync(demo, demo.Samuel, 10_000);

        // M-Pesa has settled the push (its query says so) and sent no callback: nothing is counted yet.
        await Eventually.ReturnsAsync(() => host.Get<DarajaClient>().QueryStkAsync(checkout, CancellationToken.None), answer => !answer.Pending, "the push to settle");
        Assert.Empty(daraja.Deliveries);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "contributions"));
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        await ReceiptMessageAsync(demo.Samuel);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = 'STK-{checkout}'"));
        Assert.Contains(await host.Get<CallbackLog>().ListAsync("stk/query"), logged => logged.Outcome == "Recorded");

        // The real callback turns up after all: the request is already paid, so nothing more is counted.
        await daraja.ResendStkCallbackAsync(checkout, times: 2);
        await Eventually.ReturnsAsync(() => host.Get<CallbackLog>().ListAsync("stk"), logged => logged.Count == 2, "the late callbacks");
        Assert.All(await host.Get<CallbackLog>().ListAsync("stk"), logged => Assert.Equal("AlreadySettled", logged.Outcome));
        Assert.Equal(Money.Kes(10_000), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
    }

    [Fact]
    public async Task A_duplicate_callback_from_M_Pesa_counts_once()
    {
        daraja.ScriptStk(StkOutcome.DuplicateCallback);
        await host.PushAsync(demo, demo.Samuel, 10_000);

        await ReceiptMessageAsync(demo.Samuel);
        await Eventually.ReturnsAsync(() => host.Get<CallbackLog>().ListAsync("stk"), logged => logged.Count == 2, "both copies");
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions"));
    }

    [Fact]
    public async Task A_paybill_payment_with_the_members_account_reference_is_credited_to_their_round()
    {
        var payment = await daraja.PayBillAsync("umoja-4", 10_000);

        await ReceiptMessageAsync(demo.Samuel);
        Assert.True(payment.Confirmed);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{payment.TransId}' AND member_id = {demo.Samuel.Id}"));
    }

    [Fact]
    public async Task A_member_code_run_together_is_understood_too()
    {
        await daraja.PayBillAsync("UMOJA3", 2_500);

        Assert.Contains("Still due this round: KES 7,500", (await ReceiptMessageAsync(demo.Diana)).Body.Replace("Bado unadaiwa mzunguko huu", "Still due this round", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paybill_payment_naming_no_member_waits_in_suspense_until_an_officer_allocates_it_by_reply()
    {
        var payment = await daraja.PayBillAsync("UMOJA-9", 10_000);
        var held = Assert.Single(await Eventually.ReturnsAsync(() => host.Get<Suspense>().ListUnallocatedAsync(demo.Chama.Id), list => list.Count == 1, "the held payment"));
        Assert.Equal((payment.TransId, Money.Kes(10_000), "UMOJA-9"), (held.TransId, held.Amount, held.BillRef));
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "contributions"));
        var notice = Assert.Single(await host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone));
        Assert.Contains($"names no member. Reply ALLOCATE {held.Id} <seat>", notice.Body);

        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, $"ALLOCATE {held.Id} 3"));
        Assert.Contains("No active member sits on seat 9.", await channels.WhatsAppAsync(Phones.Patrick, $"ALLOCATE {held.Id} 9"));
        Assert.Contains($"Held payment {held.Id} of KES 10,000 (M-Pesa {payment.TransId}) is now credited to Samuel Kimani for round 1.",
            await channels.WhatsAppAsync(Phones.Patrick, $"ALLOCATE {held.Id} 4"));
        Assert.Contains($"There is no held payment {held.Id} waiting", await channels.WhatsAppAsync(Phones.Grace, $"allocate {held.Id} 3"));

        Assert.Equal(Money.Kes(10_000), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{payment.TransId}' AND member_id = {demo.Samuel.Id}"));
        Assert.Empty(await host.Get<Suspense>().ListUnallocatedAsync());
        Assert.Contains($"M-Pesa receipt {payment.TransId}", (await ReceiptMessageAsync(demo.Samuel)).Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "audit_log", "action = 'suspense.allocated'"));
    }

    [Fact]
    public async Task An_allocation_that_fills_the_round_tells_the_officers_the_pot_is_ready()
    {
        foreach (var (member, n) in demo.Members.Take(3).Select((m, i) => (m, i)))
        {
            await demo.PayAsync(host, member, 10_000, $"UAP{n}BC2DE3");
        }

        await daraja.PayBillAsync("UMOJA-9", 10_000);
        var held = Assert.Single(await Eventually.ReturnsAsync(() => host.Get<Suspense>().ListUnallocatedAsync(demo.Chama.Id), list => list.Count == 1, "the held payment"));

        await channels.WhatsAppAsync(Phones.Grace, $"ALLOCATE {held.Id} 4");

        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.IdempotencyKey == $"pot-ready:{demo.Rounds[0].Id}:{demo.Patrick.Id}");
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.IdempotencyKey == $"receipt:{held.TransId}");
    }

    [Fact]
    public async Task A_mistyped_code_in_a_one_chama_deployment_is_held_for_that_chama()
    {
        await daraja.PayBillAsync("UMJA 4", 500);

        var held = Assert.Single(await Eventually.ReturnsAsync(() => host.Get<Suspense>().ListUnallocatedAsync(demo.Chama.Id), list => list.Count == 1, "the held payment"));
        Assert.Equal("UMJA 4", held.BillRef);
        Assert.Single(await host.Get<Outbox>().ListForPhoneAsync(demo.Grace.Phone));
    }

    private async Task<QueuedMessage> ReceiptMessageAsync(Member member) =>
        (await Eventually.ReturnsAsync(
            () => host.Get<Outbox>().ListForPhoneAsync(member.Phone), messages => messages.Any(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal)), "the receipt"))
        .First(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal));
}
