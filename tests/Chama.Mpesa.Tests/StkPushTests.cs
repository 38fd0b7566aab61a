using System.Diagnostics;
using Chama.Mpesa.Callbacks;
using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;
using Microsoft.Extensions.Time.Testing;

namespace Chama.Mpesa.Tests;

public class StkPushTests
{
    private const string Receipt = "^[A-Z0-9]{10}$";

    public static TheoryData<string, string> Failures => new()
    {
        { nameof(StkOutcome.Cancelled), "1032" },
        { nameof(StkOutcome.NoAnswer), "1037" },
        { nameof(StkOutcome.WrongPin), "2001" },
        { nameof(StkOutcome.InsufficientFunds), "1" },
    };

    [Fact]
    public async Task Successful_push_posts_a_callback_the_parser_accepts_with_a_fresh_receipt()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var accepted = await daraja.PushAsync(500);
        var callback = StkCallback.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/stk")));

        Assert.NotNull(callback);
        Assert.True(callback.Succeeded);
        Assert.Equal(accepted.CheckoutRequestId, callback.CheckoutRequestId);
        Assert.Equal(accepted.MerchantRequestId, callback.MerchantRequestId);
        Assert.Equal(50_000, callback.AmountCents);
        Assert.Equal(DarajaHarness.Phone, callback.PhoneNumber);
        Assert.Matches(Receipt, callback.Receipt);
        Assert.StartsWith("ws_CO_", accepted.CheckoutRequestId, StringComparison.Ordinal);
        var push = Assert.Single(daraja.Simulator.StkPushes);
        Assert.Equal((callback.Receipt, "GRP1-M07", 500L), (push.Receipt, push.AccountReference, push.Amount));
    }

    [Fact]
    public async Task Every_push_gets_its_own_checkout_id_and_receipt()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var accepted = await Task.WhenAll(Enumerable.Range(1, 10).Select(shillings => daraja.PushAsync(shillings)));
        var callbacks = (await daraja.Callbacks.WaitForAsync("/stk", 10)).Select(body => StkCallback.Parse(body)!).ToList();

        Assert.Equal(10, accepted.Select(push => push.CheckoutRequestId).Distinct().Count());
        Assert.Equal(10, callbacks.Select(callback => callback.Receipt).Distinct().Count());
        Assert.All(callbacks, callback => Assert.Matches(Receipt, callback.Receipt));
    }

    [Fact]
    public async Task Stk_push_with_a_wrong_password_is_refused()
    {
        await using var daraja = await DarajaHarness.StartAsync(client: settings => settings["Mpesa:PassKey"] = "not-the-passkey");

        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.PushAsync());

        Assert.Equal("500.001.1001", refused.ErrorCode);
        Assert.False(refused.IsStillProcessing);
        Assert.Empty(daraja.Simulator.StkPushes);
    }

    [Theory]
    [InlineData("0712345678", 500, "PartyA")]
    [InlineData(DarajaHarness.Phone, 0, "Amount")]
    [InlineData(DarajaHarness.Phone, 250_001, "Amount")]
    public async Task Stk_push_with_an_invalid_field_is_refused_naming_the_field(string phone, long shillings, string field)
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.PushAsync(shillings, phone));

        Assert.Equal("400.002.02", refused.ErrorCode);
        Assert.EndsWith($"Invalid {field}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_push_reports_1032()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptStk(StkOutcome.Cancelled);

        await daraja.PushAsync();
        var callback = StkCallback.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/stk")));

        Assert.NotNull(callback);
        Assert.Equal(("1032", "Request cancelled by user"), (callback.ResultCode, callback.ResultDescription));
        Assert.Null(callback.Receipt);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failed_push_reports_its_code_in_the_callback_and_the_query(string outcome, string code)
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptStk((StkOutcome)typeof(StkOutcome).GetProperty(outcome)!.GetValue(null)!);

        var accepted = await daraja.PushAsync();
        var callback = StkCallback.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/stk")));
        var query = await daraja.QueryUntilSettledAsync(accepted.CheckoutRequestId);

        Assert.Equal(code, callback!.ResultCode);
        Assert.False(callback.Succeeded);
        Assert.Null(callback.AmountCents);
        Assert.Equal(code, query.ResultCode);
    }

    [Fact]
    public async Task Query_reports_pending_until_the_member_answers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var daraja = await DarajaHarness.StartAsync(simulator: options =>
        {
            options.Clock = clock;
            options.CallbackDelay = TimeSpan.FromSeconds(30);
        });

        var accepted = await daraja.PushAsync();
        var before = await daraja.Client.QueryStkAsync(accepted.CheckoutRequestId, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        await daraja.Callbacks.WaitForAsync("/stk");
        var after = await daraja.Client.QueryStkAsync(accepted.CheckoutRequestId, CancellationToken.None);

        Assert.True(before.Pending);
        Assert.False(after.Pending);
        Assert.Equal("0", after.ResultCode);
        Assert.Equal(2, daraja.Simulator.StkQueries);
    }

    [Fact]
    public async Task Query_for_an_unknown_checkout_id_is_refused()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.Client.QueryStkAsync("ws_CO_000", CancellationToken.None));

        Assert.Equal("400.002.02", refused.ErrorCode);
    }

    [Fact]
    public async Task Push_without_callback_is_revealed_by_the_query()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptStk(StkOutcome.NoCallback);

        var accepted = await daraja.PushAsync();
        var query = await daraja.QueryUntilSettledAsync(accepted.CheckoutRequestId);

        Assert.Equal("0", query.ResultCode);
        Assert.Empty(daraja.Simulator.Deliveries);
        Assert.Empty(daraja.Callbacks.Bodies("/stk"));
    }

    [Fact]
    public async Task Duplicate_callback_outcome_delivers_the_same_body_twice()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptStk(StkOutcome.DuplicateCallback);

        await daraja.PushAsync();
        var bodies = await daraja.Callbacks.WaitForAsync("/stk", 2);

        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.NotNull(StkCallback.Parse(bodies[0]));
    }

    [Fact]
    public async Task Resent_callback_is_the_same_body_again()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var accepted = await daraja.PushAsync();
        var first = Assert.Single(await daraja.Callbacks.WaitForAsync("/stk"));
        await daraja.Simulator.ResendStkCallbackAsync(accepted.CheckoutRequestId, times: 2);

        Assert.Equal([first, first, first], daraja.Callbacks.Bodies("/stk"));
        Assert.All(daraja.Simulator.Deliveries, delivery => Assert.Equal(200, delivery.StatusCode));
    }

    [Fact]
    public async Task Slow_outcome_holds_the_synchronous_answer()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptStk(StkOutcome.Slow(TimeSpan.FromMilliseconds(400), StkOutcome.Cancelled));
        await daraja.Tokens.GetAsync(CancellationToken.None);

        var watch = Stopwatch.StartNew();
        await daraja.PushAsync();
        watch.Stop();
        var callback = StkCallback.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/stk")));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(350), $"answered after {watch.Elapsed}");
        Assert.Equal("1032", callback!.ResultCode);
    }

    [Fact]
    public async Task Scripted_outcomes_are_taken_in_order_then_the_default_applies()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptStk(StkOutcome.Cancelled);
        daraja.Simulator.ScriptStk(StkOutcome.NoAnswer);

        for (var i = 0; i < 3; i++)
        {
            await daraja.PushAsync();
        }

        Assert.Equal(
            [StkOutcome.Cancelled, StkOutcome.NoAnswer, StkOutcome.Success],
            daraja.Simulator.StkPushes.Select(push => push.Outcome));
    }
}
