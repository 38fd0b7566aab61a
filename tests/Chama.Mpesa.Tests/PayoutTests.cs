using Chama.Mpesa.Callbacks;
using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;

namespace Chama.Mpesa.Tests;

public class PayoutTests
{
    [Fact]
    public async Task Payout_result_parses_with_DarajaResult()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var accepted = await daraja.PayOutAsync("payout-round-3", 1500);
        var result = DarajaResult.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/b2c/result")));

        Assert.NotNull(result);
        Assert.True(result.Succeeded);
        Assert.Equal("payout-round-3", accepted.OriginatorConversationId);
        Assert.Equal((accepted.OriginatorConversationId, accepted.ConversationId), (result.OriginatorConversationId, result.ConversationId));
        Assert.Matches("^[A-Z0-9]{10}$", result.TransactionId);
        Assert.Equal("1500", result.Parameter("TransactionAmount"));
        Assert.Equal(result.TransactionId, result.Parameter("TransactionReceipt"));
        Assert.StartsWith($"{DarajaHarness.Phone} - ", result.Parameter("ReceiverPartyPublicName"), StringComparison.Ordinal);
        Assert.Matches(@"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$", result.Parameter("TransactionCompletedDateTime"));
        Assert.NotNull(result.Parameter("B2CUtilityAccountAvailableFunds"));
    }

    [Fact]
    public async Task Failed_payout_reports_its_code_without_parameters()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptPayout(PayoutOutcome.RecipientNotRegistered);

        await daraja.PayOutAsync("payout-unregistered");
        var result = DarajaResult.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/b2c/result")));

        Assert.Equal("2040", result!.ResultCode);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Parameters);
    }

    [Fact]
    public async Task Repeated_originator_conversation_id_is_refused_and_pays_once()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        await daraja.PayOutAsync("payout-once");
        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.PayOutAsync("payout-once"));
        await daraja.Callbacks.WaitForAsync("/b2c/result");

        Assert.Equal("500.002.1001", refused.ErrorCode);
        Assert.Single(daraja.Simulator.Payouts);
        Assert.Single(daraja.Callbacks.Bodies("/b2c/result"));
    }

    [Theory]
    [InlineData(9, "Amount")]
    [InlineData(250_001, "Amount")]
    public async Task Payout_outside_the_limits_is_refused(long shillings, string field)
    {
        await using var daraja = await DarajaHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.PayOutAsync("payout-limits", shillings));

        Assert.Equal("400.002.02", refused.ErrorCode);
        Assert.EndsWith($"Invalid {field}", refused.Message, StringComparison.Ordinal);
        Assert.Empty(daraja.Simulator.Payouts);
    }

    [Fact]
    public async Task Payout_with_a_wrong_security_credential_is_refused()
    {
        await using var daraja = await DarajaHarness.StartAsync(client: settings => settings["Mpesa:SecurityCredential"] = "stale");

        var refused = await Assert.ThrowsAsync<DarajaException>(() => daraja.PayOutAsync("payout-credential"));

        Assert.EndsWith("Invalid SecurityCredential", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payout_without_result_is_revealed_by_a_status_query()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptPayout(PayoutOutcome.NoResult);

        await daraja.PayOutAsync("payout-silent", 2000);
        await daraja.Client.QueryTransactionStatusAsync("payout-silent", CancellationToken.None);
        var status = DarajaResult.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/status/result")));

        Assert.NotNull(status);
        Assert.True(status.Succeeded);
        Assert.NotEqual("payout-silent", status.OriginatorConversationId);
        Assert.Equal("payout-silent", status.Parameter("OriginatorConversationID"));
        Assert.Equal("Completed", status.Parameter("TransactionStatus"));
        Assert.Equal(daraja.Simulator.Payouts[0].TransactionId, status.Parameter("ReceiptNo"));
        Assert.Equal("2000", status.Parameter("Amount"));
        Assert.Empty(daraja.Callbacks.Bodies("/b2c/result"));
        Assert.Equal(1, daraja.Simulator.StatusQueries);
    }

    [Theory]
    [InlineData(true, "Completed")]
    [InlineData(false, "Failed")]
    public async Task Queue_timeout_then_status_query_reveals_the_outcome(bool paid, string transactionStatus)
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptPayout(paid ? PayoutOutcome.QueueTimeout : PayoutOutcome.InsufficientFunds.TimingOutInQueue());

        await daraja.PayOutAsync("payout-queued");
        var timeout = DarajaResult.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/b2c/timeout")));
        await daraja.Client.QueryTransactionStatusAsync("payout-queued", CancellationToken.None);
        var status = DarajaResult.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/status/result")));

        Assert.Equal("payout-queued", timeout!.OriginatorConversationId);
        Assert.False(timeout.Succeeded);
        Assert.Empty(daraja.Callbacks.Bodies("/b2c/result"));
        Assert.Equal(("0", "payout-queued"), (status!.ResultCode, status.Parameter("OriginatorConversationID")));
        Assert.Equal(transactionStatus, status.Parameter("TransactionStatus"));
    }

    [Fact]
    public async Task Status_query_for_an_unknown_payout_fails_under_the_querys_own_id()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        await daraja.Client.QueryTransactionStatusAsync("payout-never-made", CancellationToken.None);
        var status = DarajaResult.Parse(Assert.Single(await daraja.Callbacks.WaitForAsync("/status/result")));

        Assert.NotEqual("payout-never-made", status!.OriginatorConversationId);
        Assert.False(status.Succeeded);
        Assert.Null(status.Parameter("OriginatorConversationID"));
        Assert.Null(status.Parameter("TransactionStatus"));
    }

    [Fact]
    public async Task Duplicate_result_outcome_delivers_the_same_result_twice_and_resend_a_third_time()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        daraja.Simulator.ScriptPayout(PayoutOutcome.DuplicateResult);

        await daraja.PayOutAsync("payout-echo");
        var twice = await daraja.Callbacks.WaitForAsync("/b2c/result", 2);
        await daraja.Simulator.ResendPayoutResultAsync("payout-echo");

        Assert.Equal(twice[0], twice[1]);
        Assert.Equal([twice[0], twice[0], twice[0]], daraja.Callbacks.Bodies("/b2c/result"));
        Assert.Single(daraja.Simulator.Payouts);
    }
}
