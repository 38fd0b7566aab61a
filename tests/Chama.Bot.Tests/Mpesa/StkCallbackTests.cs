using System.Net;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Chama.Data.Payments;
using Chama.Tests;
using NSubstitute;
using NSubstitute.Extensions;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>STK push results arriving on the secret callback URL, through the real HTTP pipeline.</summary>
public abstract class StkCallbackTests : IDisposable
{
    private readonly Engine engine;
    private readonly BotFactory factory;
    private readonly DarajaCallbacks daraja;

    protected StkCallbackTests(Engine engine)
    {
        this.engine = engine;
        factory = new BotFactory(engine).WithCallbacks();
        daraja = new DarajaCallbacks(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_successful_push_records_the_contribution_against_its_receipt_and_queues_the_receipt()
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);

        Assert.Equal("0", await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, 10_000, "UAA1BC2DE3")));

        var summary = await factory.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id);
        Assert.Equal(Money.Kes(10_000), summary.Collected);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", "receipt = 'UAA1BC2DE3'"));
        Assert.Equal(PaymentRequestStatus.Completed, (await factory.Get<PaymentRequestStore>().FindByCheckoutAsync(checkout))!.Status);
        var receipt = Assert.Single(await factory.Get<Chama.Data.Outbox.Outbox>().ListForPhoneAsync(demo.Samuel.Phone));
        Assert.Equal("receipt:UAA1BC2DE3", receipt.IdempotencyKey);
        Assert.Contains("Received KES 10,000 from Samuel Kimani, M-Pesa receipt UAA1BC2DE3", receipt.Body);
    }

    [Fact]
    public async Task The_same_callback_delivered_one_to_five_times_at_once_counts_once()
    {
        var demo = await Demo.LoadAsync(factory);
        var random = new Random(20261125);
        for (var trial = 0; trial < 30; trial++)
        {
            var member = demo.Members[random.Next(demo.Members.Count)];
            var shillings = random.Next(1, 8) * 500;
            var checkout = await factory.PushAsync(demo, member, shillings);
            var receipt = $"UAT{trial:00}{random.Next(10_000, 99_999)}";
            var before = await PaidInAsync();

            var copies = random.Next(1, 6);
            var acks = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, shillings, receipt))));

            Assert.All(acks, ack => Assert.Equal("0", ack));
            Assert.Equal(before + (shillings * 100), await PaidInAsync());
            Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", $"receipt = '{receipt}'"));
            Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"idempotency_key = 'receipt:{receipt}'"));
            Assert.Equal(copies, await DatabaseProbe.CountAsync(factory, "mpesa_callbacks", $"body LIKE '%{checkout}%'"));
        }
    }

    [Theory]
    [InlineData(1032, "You cancelled the M-Pesa prompt for KES 10,000. Nothing was charged.")]
    [InlineData(1037, "Your phone did not answer the M-Pesa prompt for KES 10,000")]
    [InlineData(2001, "The M-Pesa PIN was wrong, so KES 10,000 was not paid.")]
    [InlineData(1, "Your M-Pesa balance is too low for KES 10,000.")]
    [InlineData(9999, "M-Pesa could not complete the payment of KES 10,000.")]
    public async Task A_failed_push_tells_the_member_why_in_plain_words_and_records_nothing(int code, string message)
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);

        await daraja.DeliverAsync("stk", DarajaCallbacks.StkFailure(checkout, code));

        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "contributions"));
        Assert.Equal(PaymentRequestStatus.Failed, (await factory.Get<PaymentRequestStore>().FindByCheckoutAsync(checkout))!.Status);
        Assert.Contains(message, Assert.Single(await factory.Get<Chama.Data.Outbox.Outbox>().ListForPhoneAsync(demo.Samuel.Phone)).Body);
    }

    [Fact]
    public async Task A_swahili_speaker_hears_why_in_swahili()
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Diana, 10_000);

        await daraja.DeliverAsync("stk", DarajaCallbacks.StkFailure(checkout, 1032));

        Assert.Contains("Umesitisha ombi la M-Pesa la KES 10,000", Assert.Single(await factory.Get<Chama.Data.Outbox.Outbox>().ListForPhoneAsync(demo.Diana.Phone)).Body);
    }

    [Fact]
    public async Task Callbacks_out_of_order_a_late_failure_does_not_undo_a_success()
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);

        await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, 10_000, "UAB1BC2DE3"));
        await daraja.DeliverAsync("stk", DarajaCallbacks.StkFailure(checkout, 1037));

        Assert.Equal(Money.Kes(10_000), await CollectedAsync(demo));
        Assert.Equal(PaymentRequestStatus.Completed, (await factory.Get<PaymentRequestStore>().FindByCheckoutAsync(checkout))!.Status);
        Assert.Equal(["receipt:UAB1BC2DE3"], (await factory.Get<Chama.Data.Outbox.Outbox>().ListForPhoneAsync(demo.Samuel.Phone)).Select(m => m.IdempotencyKey));
    }

    [Fact]
    public async Task Callbacks_out_of_order_money_that_arrives_after_a_failure_still_counts()
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);

        await daraja.DeliverAsync("stk", DarajaCallbacks.StkFailure(checkout, 1037));
        await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, 10_000, "UAC1BC2DE3"));

        Assert.Equal(Money.Kes(10_000), await CollectedAsync(demo));
        Assert.Equal(PaymentRequestStatus.Completed, (await factory.Get<PaymentRequestStore>().FindByCheckoutAsync(checkout))!.Status);
    }

    [Fact]
    public async Task A_callback_for_an_unknown_checkout_is_acknowledged_kept_and_flagged_and_money_is_untouched()
    {
        var before = await DatabaseProbe.SnapshotAsync(factory);

        Assert.Equal("0", await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess("ws_CO_NEVER_ISSUED", 10_000, "UAD1BC2DE3")));

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        var kept = Assert.Single(await factory.Get<CallbackLog>().ListAsync("stk"));
        Assert.Equal("Unmatched", kept.Outcome);
        Assert.Contains("ws_CO_NEVER_ISSUED", kept.Body);
    }

    [Fact]
    public async Task A_callback_that_overtakes_the_stored_checkout_id_still_counts()
    {
        var demo = await Demo.LoadAsync(factory);
        Task<string>? early = null;
        factory.StkPush.Configure().StartAsync(Arg.Any<PaymentRequest>(), Arg.Any<CancellationToken>()).Returns(async _ =>
        {
            // M-Pesa answers the push and calls back at once, before the worker has stored the CheckoutRequestID.
            early = daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess("ws_CO_EARLY", 10_000, "UAK1BC2DE3"));
            await Task.Delay(200);
            return "ws_CO_EARLY";
        });

        await factory.PushAsync(demo, demo.Samuel, 10_000);
        await Eventually.ReturnsAsync(() => Task.FromResult(early), task => task is not null, "the early callback");
        Assert.Equal("0", await early!);

        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", "receipt = 'UAK1BC2DE3'"));
        Assert.Equal("Recorded", Assert.Single(await factory.Get<CallbackLog>().ListAsync("stk")).Outcome);
    }

    [Fact]
    public async Task A_success_for_another_amount_than_was_pushed_is_not_believed()
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);

        await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, 250_000, "UAE1BC2DE3"));

        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "contributions"));
        Assert.Equal("Unmatched", Assert.Single(await factory.Get<CallbackLog>().ListAsync("stk")).Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1"}}}""")]
    [InlineData("""{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0}}}""")]
    [InlineData("""{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0,"CallbackMetadata":{"Item":[{"Name":"Amount","Value":10},{"Name":"MpesaReceiptNumber","Value":"lowercase!"}]}}}}""")]
    [InlineData("[1,2,3]")]
    public async Task A_malformed_callback_is_acknowledged_and_kept_and_changes_no_money(string body)
    {
        await Demo.LoadAsync(factory);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        Assert.Equal("0", await daraja.DeliverAsync("stk", body));

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(Chama.Bot.Channels.Mpesa.MpesaCallbacks.Malformed, Assert.Single(await factory.Get<CallbackLog>().ListAsync("stk")).Outcome);
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("cb-secret-6f1d2a9")]
    [InlineData("CB-SECRET-6F1D2A9C")]
    public async Task A_callback_on_a_wrong_token_gets_404_and_nothing_is_kept(string token)
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var forger = new DarajaCallbacks(factory.CreateClient(), token);

        using var response = await forger.PostAsync("stk", DarajaCallbacks.StkSuccess(checkout, 10_000, "UAF1BC2DE3"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Empty(await factory.Get<CallbackLog>().ListAsync());
    }

    [Fact]
    public async Task A_body_far_larger_than_any_callback_is_refused_and_nothing_is_kept()
    {
        using var response = await daraja.PostAsync("stk", "{\"Body\":\"" + new string('x', 100_000) + "\"}");

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Empty(await factory.Get<CallbackLog>().ListAsync());
    }

    [Fact]
    public async Task Callbacks_are_refused_when_no_token_is_configured()
    {
        // The token a caller might guess is refused when the host has none: an unset token never matches.
        using var unconfigured = new BotFactory(engine);
        using var response = await new DarajaCallbacks(unconfigured.CreateClient()).PostAsync("stk", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await unconfigured.Get<CallbackLog>().ListAsync());
    }

    [Fact]
    public async Task The_last_payment_of_a_round_tells_the_officers_the_pot_is_ready_once()
    {
        var demo = await Demo.LoadAsync(factory);
        foreach (var (member, n) in demo.Members.Take(3).Select((m, i) => (m, i)))
        {
            await demo.PayAsync(factory, member, 10_000, $"UAG{n}BC2DE3");
        }

        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);
        await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, 10_000, "UAH1BC2DE3"));
        await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkout, 10_000, "UAH1BC2DE3"));

        var code = $"P{demo.Rounds[0].Id}";
        foreach (var officer in new[] { demo.Grace, demo.Patrick })
        {
            var notice = Assert.Single(await factory.Get<Chama.Data.Outbox.Outbox>().ListForPhoneAsync(officer.Phone));
            Assert.Contains($"the round 1 pot is full (KES 40,000) and due to Grace Wanjiku. Approve with APPROVE {code}", notice.Body);
            Assert.EndsWith("Rule 5: 2 officers must approve.", notice.Body.Split('\n')[0]);
        }
    }

    /// <summary>Everything members have paid in, in cents (round 1 alone caps each member at the due: the rest is carried on).</summary>
    private async Task<long> PaidInAsync()
    {
        await using var connection = factory.Storage.Connect();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COALESCE(SUM(amount_minor), 0) FROM contributions;");
    }

    private async Task<Money> CollectedAsync(Demo demo) => (await factory.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected;
}

public sealed class SqliteStkCallbackTests() : StkCallbackTests(Engine.Sqlite);

public sealed class PostgresStkCallbackTests() : StkCallbackTests(Engine.Postgres);
