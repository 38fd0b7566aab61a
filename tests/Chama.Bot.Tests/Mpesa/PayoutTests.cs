using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Data.Welfare;
using Chama.Mpesa.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>Pots and welfare paid out by B2C after the officers' approvals by reply, against the Daraja simulator.</summary>
public sealed class PayoutTests : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;
    private Member secretary = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja).Start();
        (channels, demo, secretary) = await PrepareAsync(host);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task An_approved_pot_is_paid_to_the_recipients_receive_phone_once_and_everyone_is_told()
    {
        await FillAndApproveRoundOneAsync(channels);

        var payout = await SettledAsync(host, DisbursementStatus.Completed);
        var sent = Assert.Single(daraja.Payouts);
        Assert.Equal(("254712000001", 40_000L, payout.OriginatorConversationId), (sent.PhoneNumber, sent.Amount, sent.OriginatorConversationId));
        Assert.Equal(sent.TransactionId, payout.TransactionId);
        var messages = await host.Get<Outbox>().ListForPhoneAsync(demo.Grace.Phone);
        Assert.Contains(messages, m => m.Body.Contains($"Umoja Investment Club has sent you KES 40,000 (round pot) by M-Pesa to +254712000001. M-Pesa reference {sent.TransactionId}.", StringComparison.Ordinal));
        foreach (var officer in new[] { demo.Patrick, secretary })
        {
            Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(officer.Phone), m => m.Body.Contains($"Payout P{demo.Rounds[0].Id} is done", StringComparison.Ordinal));
        }

        // The same result again, several times: nothing more happens.
        await daraja.ResendPayoutResultAsync(sent.OriginatorConversationId, times: 3);
        await Eventually.ReturnsAsync(() => DatabaseProbe.CountAsync(host, "mpesa_callbacks", "kind = 'b2c/result'"), n => n == 4, "the repeated results");
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "disbursement_events", "status = 'Completed'"));
        Assert.Single(daraja.Payouts);
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
    }

    [Fact]
    public async Task A_failed_payout_tells_the_officers_and_paying_again_needs_fresh_approvals()
    {
        daraja.ScriptPayout(PayoutOutcome.RecipientNotRegistered);
        var code = await FillAndApproveRoundOneAsync(channels);

        await SettledAsync(host, DisbursementStatus.Failed);
        await Eventually.ReturnsAsync(() => host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.Any(x => x.Body.Contains("failed", StringComparison.Ordinal)), "the failure notice");
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.Body.Contains($"Payout {code} of KES 40,000 to Grace Wanjiku failed: 2040", StringComparison.Ordinal));

        // The old approvals do not carry over: one officer is not enough, two are.
        Assert.Contains($"1. {code} KES 40,000 Grace Wanjiku (0/2)", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
        Assert.Contains("(1 of 2)", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        Assert.Single(daraja.Payouts);
        Assert.Contains("fully approved", await channels.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}"));

        await Eventually.ReturnsAsync(() => host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id), p => p.Count == 2 && p[1].Status == DisbursementStatus.Completed, "the second attempt");
        Assert.Equal(2, daraja.Payouts.Count);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "disbursement_events", "status = 'Completed'"));
    }

    [Fact]
    public async Task A_queue_timeout_is_settled_by_the_status_query_not_by_sending_again()
    {
        daraja.ScriptPayout(PayoutOutcome.QueueTimeout);
        await FillAndApproveRoundOneAsync(channels);
        await Eventually.ReturnsAsync(() => DatabaseProbe.CountAsync(host, "mpesa_callbacks", "kind = 'b2c/timeout'"), n => n == 1, "the timeout");

        host.Clock.Advance(TimeSpan.FromMinutes(3));

        await SettledAsync(host, DisbursementStatus.Completed);
        Assert.Single(daraja.Payouts);
        Assert.Equal(1, daraja.StatusQueries);
    }

    [Fact]
    public async Task A_failed_status_query_leaves_the_payout_unresolved_so_it_is_never_failed_approved_afresh_or_sent_twice()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        var code = await FillAndApproveRoundOneAsync(channels);
        var payout = await SentAsync();

        // Safaricom could not run the query (2001, the initiator's credential expired): that says nothing of the payout.
        await new DarajaCallbacks(host.CreateClient()).DeliverAsync("status/result", StatusResult("2001", "The initiator information is invalid.", ("OriginatorConversationID", payout.OriginatorConversationId)));

        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "mpesa_callbacks", "kind = 'status/result' AND outcome = 'Unresolved'"));
        Assert.Equal(DisbursementStatus.Sent, (await host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id)).Single().Status);
        Assert.DoesNotContain(await host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.Body.Contains("failed", StringComparison.Ordinal));
        Assert.DoesNotContain("(1 of 2)", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        await DispatchAsync();
        Assert.Single(daraja.Payouts);
    }

    [Fact]
    public async Task A_status_result_in_the_published_spaced_key_form_settles_the_payout_it_names()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        await FillAndApproveRoundOneAsync(channels);
        var payout = await SentAsync();

        await new DarajaCallbacks(host.CreateClient()).DeliverAsync("status/result", StatusResult(
            "0",
            "The service request has been accepted successfully.",
            ("Receipt No.", "TKL919G2AV"),
            ("Transaction Status", "Completed"),
            ("TransactionReason", null),
            ("Originator Conversation ID", payout.OriginatorConversationId)));

        var completed = await SettledAsync(host, DisbursementStatus.Completed);
        Assert.Equal((payout.Id, "TKL919G2AV"), (completed.Id, completed.TransactionId));
    }

    [Theory]
    [InlineData("Transaction Status", "Receipt No.")]
    [InlineData("TransactionStatus", "ReceiptNo")]
    public async Task A_status_result_is_matched_to_its_payout_by_the_querys_own_ids_in_either_key_form(string statusKey, string receiptKey)
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        await FillAndApproveRoundOneAsync(channels);
        var payout = await SentAsync();
        await host.Get<DisbursementStore>().RecordStatusQueryAsync(payout.Id, StatusQueryConversationId, StatusQueryOriginatorId);

        // The Result names the payout only by the query's own ids, in its envelope; one item comes without a Value.
        await new DarajaCallbacks(host.CreateClient()).DeliverAsync("status/result", StatusResult(
            "0", "The service request has been accepted successfully.", (receiptKey, "TKL919G2AV"), (statusKey, "Completed"), ("TransactionReason", null)));

        var completed = await SettledAsync(host, DisbursementStatus.Completed);
        Assert.Equal((payout.Id, "TKL919G2AV"), (completed.Id, completed.TransactionId));
        Assert.Single(daraja.Payouts);
    }

    [Fact]
    public async Task A_status_result_for_our_query_that_names_another_transaction_settles_nothing()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        await FillAndApproveRoundOneAsync(channels);
        var payout = await SentAsync();
        await host.Get<DisbursementStore>().RecordStatusQueryAsync(payout.Id, StatusQueryConversationId, StatusQueryOriginatorId);

        await new DarajaCallbacks(host.CreateClient()).DeliverAsync("status/result", StatusResult(
            "0", "The service request has been accepted successfully.", ("ReceiptNo", "TKL919G2AV"), ("TransactionStatus", "Failed"), ("OriginatorConversationID", "someone-elses-payout")));

        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "mpesa_callbacks", "kind = 'status/result' AND outcome = 'Unresolved'"));
        Assert.Equal(DisbursementStatus.Sent, (await host.Get<DisbursementStore>().FindByOriginatorAsync(payout.OriginatorConversationId))!.Status);
    }

    [Fact]
    public async Task Failed_status_queries_are_asked_again_with_growing_waits_and_never_lead_to_a_second_payout()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        daraja.StatusQueriesFail = true;
        var code = await FillAndApproveRoundOneAsync(channels);
        await SentAsync();

        // First query 2 minutes after the payout was sent; its Result is 2001 (the initiator's credential refused).
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await DispatchAsync();
        Assert.Equal(1, daraja.StatusQueries);
        await Eventually.ReturnsAsync(() => DatabaseProbe.CountAsync(host, "mpesa_callbacks", "kind = 'status/result' AND outcome = 'Unresolved'"), n => n == 1, "the 2001 result");

        // The second waits twice as long: not after 2 more minutes, after 4.
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await DispatchAsync();
        Assert.Equal(1, daraja.StatusQueries);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAsync();
        Assert.Equal(2, daraja.StatusQueries);

        Assert.Single(daraja.Payouts);
        Assert.Equal(DisbursementStatus.Sent, (await host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id)).Single().Status);
        Assert.DoesNotContain("(1 of 2)", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        Assert.DoesNotContain(await host.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.Body.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payout_unresolved_for_too_long_is_unconfirmed_the_officers_are_told_once_and_it_is_listed_to_check_the_statement()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        daraja.StatusQueriesFail = true;
        var code = await FillAndApproveRoundOneAsync(channels);
        var payout = await SentAsync();

        host.Clock.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1));
        await DispatchAsync();
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "outbound_messages", "idempotency_key LIKE 'payout-unconfirmed:%'"));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await DispatchAsync();
        host.Clock.Advance(TimeSpan.FromHours(3));
        await DispatchAsync();

        Assert.Equal(DisbursementStatus.Unconfirmed, (await host.Get<DisbursementStore>().FindByOriginatorAsync(payout.OriginatorConversationId))!.Status);
        foreach (var officer in new[] { demo.Patrick, demo.Grace, secretary })
        {
            var notice = Assert.Single(await host.Get<Outbox>().ListForPhoneAsync(officer.Phone), m => m.IdempotencyKey == $"payout-unconfirmed:{payout.Id}:{officer.Id}");
            Assert.Contains($"Payout {code} of KES 40,000 to Grace Wanjiku (+254712000001) is unconfirmed", notice.Body, StringComparison.Ordinal);
        }

        var list = await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS");
        Assert.Contains($"Unconfirmed, check the M-Pesa statement:\n{code} KES 40,000 Grace Wanjiku, sent ", list);
        Assert.Contains("Nothing is waiting for approval.", list);
        var dashboard = new DashboardClient(host, host.CreateClient().BaseAddress!.ToString());
        await dashboard.SignInAsync(Phones.Patrick);
        var page = (await dashboard.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"))).Text;
        Assert.Contains("Unconfirmed, check the M-Pesa statement:</h2>", page, StringComparison.Ordinal);
        Assert.Contains($"<li>{code} KES 40,000 Grace Wanjiku, sent ", page, StringComparison.Ordinal);
        Assert.DoesNotContain("(1 of 2)", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        Assert.Single(daraja.Payouts);
    }

    [Fact]
    public async Task What_the_statement_shows_settles_an_unconfirmed_payout_only_when_a_second_officer_agrees_by_reply()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        daraja.StatusQueriesFail = true;
        var code = await FillAndApproveRoundOneAsync(channels);
        var payout = await SentAsync();
        host.Clock.Advance(TimeSpan.FromHours(6));
        await DispatchAsync();

        var proposed = await channels.WhatsAppAsync(Phones.Patrick, $"STATEMENT {code} PAID TKL919G2AV");

        Assert.Contains($"You recorded that the M-Pesa statement shows payout {code} (KES 40,000) paid, receipt TKL919G2AV (U1). It settles the payout only when 2 officers agree (1 so far)", proposed);
        Assert.Equal(DisbursementStatus.Unconfirmed, (await host.Get<DisbursementStore>().FindByOriginatorAsync(payout.OriginatorConversationId))!.Status);
        Assert.Contains("APPROVE U1", Assert.Single(await host.Get<Outbox>().ListForPhoneAsync(secretary.Phone), m => m.IdempotencyKey.StartsWith("statement-proposed:", StringComparison.Ordinal)).Body);
        Assert.Contains("U1 M-Pesa statement: " + code + " paid TKL919G2AV (1/2)", await channels.WhatsAppAsync(secretary.Phone.E164, "APPROVALS"));
        Assert.Contains("You cannot decide on U1: the payout is to you.", await channels.WhatsAppAsync(Phones.Grace, "APPROVE U1"));

        var settled = await channels.WhatsAppAsync(secretary.Phone.E164, "APPROVE U1");

        Assert.Contains("Your approval of U1 is recorded and it has its quorum: the payout is settled as the M-Pesa statement shows", settled);
        var completed = (await host.Get<DisbursementStore>().FindByOriginatorAsync(payout.OriginatorConversationId))!;
        Assert.Equal((DisbursementStatus.Completed, "TKL919G2AV"), (completed.Status, completed.TransactionId));
        Assert.Single(daraja.Payouts);

        // The same word alone is the recipient's own statement, which now shows the pot received under the statement's receipt.
        Assert.Contains("received the round 1 pot, KES 40,000 (TKL919G2AV)", await channels.WhatsAppAsync(Phones.Grace, "STATEMENT"));
    }

    [Fact]
    public async Task The_host_killed_between_the_payout_request_and_its_result_pays_the_pot_exactly_once_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chama-bot-tests", Guid.NewGuid().ToString("N"));
        try
        {
            daraja.ScriptPayout(PayoutOutcome.NoResult);
            using (var first = new MpesaHost(daraja, folder).Start())
            {
                var (client, _, _) = await PrepareAsync(first);
                await demo.FillRoundOneAsync(first);
                await client.WhatsAppAsync(Phones.Patrick, $"APPROVE P{demo.Rounds[0].Id}");
                await client.WhatsAppAsync("+254700000005", $"APPROVE P{demo.Rounds[0].Id}");
                await Eventually.ReturnsAsync(() => Task.FromResult(daraja.Payouts.Count), n => n == 1, "the payout request");
            } // the result never reaches this host

            using var restarted = new MpesaHost(daraja, folder).Start();
            restarted.Clock.Advance(TimeSpan.FromMinutes(3));

            var payout = await SettledAsync(restarted, DisbursementStatus.Completed);
            Assert.Single(daraja.Payouts);
            Assert.Equal(daraja.Payouts[0].TransactionId, payout.TransactionId);
            Assert.Equal(1, await DatabaseProbe.CountAsync(restarted, "disbursement_events", "status = 'Completed'"));
            Assert.Contains(await restarted.Get<Outbox>().ListForPhoneAsync(demo.Grace.Phone), m => m.IdempotencyKey == $"payout-received:{payout.Id}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_welfare_request_is_paid_from_the_welfare_fund_after_approvals()
    {
        var welfare = host.Get<WelfareLedger>();
        await welfare.RecordContributionAsync(demo.Diana.Id, Money.Kes(3_000), "UAW1BC2DE3", Actor.System("test"));
        await welfare.RecordContributionAsync(demo.Grace.Id, Money.Kes(3_000), "UAW2BC2DE3", Actor.System("test"));
        var request = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Hospital, Money.Kes(5_000), "Admitted at Kenyatta", Actor.System("test"));

        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE W{request.Id}");
        Assert.Contains(
            $"fully approved and the payout is queued. Rule 6: it is sent after a 12-hour cooling-off, during which any officer can stop it with CANCEL W{request.Id} <reason>.",
            await channels.WhatsAppAsync(Phones.Grace, $"APPROVE W{request.Id}"));
        host.Clock.Advance(TimeSpan.FromHours(Constitution.DefaultWelfareCoolingOffHours));

        await Eventually.ReturnsAsync(() => welfare.GetBalanceAsync(demo.Chama.Id), balance => balance == Money.Kes(1_000), "the payout");
        Assert.Equal(("254711000004", 5_000L), (daraja.Payouts[0].PhoneNumber, daraja.Payouts[0].Amount));
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.Body.Contains("KES 5,000 (welfare support)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_welfare_payout_waits_out_the_cooling_off_and_an_officer_can_cancel_it_meanwhile()
    {
        var request = await ApproveWelfareAsync("UAW4BC2DE3");
        var code = $"W{request.Id}";
        Assert.Single(await host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Welfare, request.Id));

        host.Clock.Advance(TimeSpan.FromHours(11));
        await DispatchAsync();
        Assert.Empty(daraja.Payouts);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "disbursement_events"));

        Assert.Contains("Only the chama's officers can cancel a payout.", await channels.WhatsAppAsync(Phones.Samuel, $"CANCEL {code} changed my mind"));
        Assert.Contains($"Give a reason: CANCEL {code} <reason>.", await channels.WhatsAppAsync(Phones.Patrick, $"CANCEL {code}"));
        Assert.Contains(
            $"You cancelled payout {code} of KES 5,000 to Samuel Kimani: the church has paid the bill. It will not be sent",
            await channels.WhatsAppAsync(Phones.Patrick, $"CANCEL {code} the church has paid the bill"));
        Assert.Contains(
            await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone),
            m => m.Body.Contains($"welfare payout {code} of KES 5,000 was cancelled by Patrick Ochieng before it was sent. Reason: the church has paid the bill", StringComparison.Ordinal));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "disbursement_events", "status = 'Failed' AND detail = 'cancelled by officer: the church has paid the bill'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "audit_log", "action = 'payout.cancelled'"));

        host.Clock.Advance(TimeSpan.FromHours(2));
        await DispatchAsync();
        Assert.Empty(daraja.Payouts);
        Assert.Equal(Money.Kes(6_000), await host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
        Assert.Contains("has no payout waiting out its cooling-off", await channels.WhatsAppAsync(Phones.Grace, $"CANCEL {code} twice"));
    }

    [Fact]
    public async Task After_the_cooling_off_the_welfare_payout_is_sent()
    {
        var request = await ApproveWelfareAsync("UAW5BC2DE3");

        host.Clock.Advance(TimeSpan.FromHours(Constitution.DefaultWelfareCoolingOffHours));
        await DispatchAsync();

        await Eventually.ReturnsAsync(() => host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id), balance => balance == Money.Kes(1_000), "the payout");
        Assert.Equal(("254711000004", 5_000L), (Assert.Single(daraja.Payouts).PhoneNumber, daraja.Payouts[0].Amount));
        Assert.Contains("has no payout waiting out its cooling-off", await channels.WhatsAppAsync(Phones.Patrick, $"CANCEL W{request.Id} too late"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "audit_log", "action = 'payout.cancelled'"));
    }

    [Fact]
    public async Task A_payout_whose_cached_token_was_refused_fetches_a_fresh_one_and_is_sent_once()
    {
        await FillAndApproveRoundOneAsync(channels);
        await SettledAsync(host, DisbursementStatus.Completed);
        var n = 0;
        foreach (var member in demo.Members)
        {
            await demo.PayAsync(host, member, 10_000, $"QKJ4HT8R{++n:00}", round: 2);
        }

        // Another client takes a token: Daraja refuses the bot's cached one, still unexpired, with a 401 from now on.
        using (var http = new HttpClient { BaseAddress = daraja.BaseUrl })
        using (var token = new HttpRequestMessage(HttpMethod.Get, "/oauth/v1/generate?grant_type=client_credentials"))
        {
            var defaults = new DarajaSimulatorOptions();
            token.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{defaults.ConsumerKey}:{defaults.ConsumerSecret}")));
            (await http.SendAsync(token)).EnsureSuccessStatusCode();
        }

        var issued = daraja.TokensIssued;
        var code = $"P{demo.Rounds[1].Id}";
        await channels.WhatsAppAsync(Phones.Grace, $"APPROVE {code}");
        Assert.Contains("fully approved", await channels.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}"));

        var paid = await Eventually.ReturnsAsync(
            () => host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[1].Id), p => p.Any(x => x.Status == DisbursementStatus.Completed), "round 2's payout");
        Assert.Equal(2, daraja.Payouts.Count);
        Assert.Equal(paid.Single().OriginatorConversationId, daraja.Payouts[1].OriginatorConversationId);
        Assert.Equal(issued + 1, daraja.TokensIssued);
    }

    [Fact]
    public async Task A_pot_payout_has_no_cooling_off()
    {
        await FillAndApproveRoundOneAsync(channels);

        await DispatchAsync();
        await SettledAsync(host, DisbursementStatus.Completed);
    }

    [Fact]
    public async Task Welfare_beyond_what_the_fund_holds_cannot_be_approved()
    {
        var welfare = host.Get<WelfareLedger>();
        await welfare.RecordContributionAsync(demo.Diana.Id, Money.Kes(6_000), "UAW3BC2DE3", Actor.System("test"));
        var request = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Funeral, Money.Kes(5_000), "Burial in Kisumu", Actor.System("test"));
        // Money leaves the fund while the request waits: it can no longer be paid.
        await welfare.PayAsync(demo.Chama.Id, null, Money.Kes(2_000), "UAW3BC2DE4", Actor.System("test"));

        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE W{request.Id}");
        var refused = await channels.WhatsAppAsync(Phones.Grace, $"APPROVE W{request.Id}");
        Assert.Contains($"W{request.Id}, Samuel Kimani's welfare request for KES 5,000, is closed unpaid: the welfare fund holds only KES 4,000 now (Rule 4).", refused);

        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "decision_votes"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "disbursements"));
    }

    /// <summary>KES 6,000 in the welfare fund; Samuel asks for KES 5,000 and Patrick and Grace approve it.</summary>
    private async Task<WelfareRequest> ApproveWelfareAsync(string receipt)
    {
        var welfare = host.Get<WelfareLedger>();
        await welfare.RecordContributionAsync(demo.Diana.Id, Money.Kes(6_000), receipt, Actor.System("test"));
        var request = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Funeral, Money.Kes(5_000), "Burial in Kisumu", Actor.System("test"));
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE W{request.Id}");
        Assert.Contains(
            $"fully approved and the payout is queued. Rule 6: it is sent after a 12-hour cooling-off, during which any officer can stop it with CANCEL W{request.Id} <reason>.",
            await channels.WhatsAppAsync(Phones.Grace, $"APPROVE W{request.Id}"));
        return request;
    }

    private const string StatusQueryOriginatorId = "10816-694520-2";
    private const string StatusQueryConversationId = "AG_20261202_00007cdb1f9fb6494315";

    private static string StatusResult(string code, string description, params (string Key, string? Value)[] parameters) =>
        DarajaCallbacks.StatusResult(StatusQueryOriginatorId, StatusQueryConversationId, code, description, parameters);

    /// <summary>One pass of the payout dispatcher, now, besides its own timer.</summary>
    private Task DispatchAsync() =>
        host.Services.GetServices<IHostedService>().OfType<Chama.Bot.Payments.PayoutDispatcher>().Single().RunOnceAsync(CancellationToken.None);

    private static async Task<(Channels, Demo, Member)> PrepareAsync(MpesaHost host)
    {
        var demo = await Demo.LoadAsync(host);
        var secretary = await host.Get<Chama.Data.Chamas.ChamaStore>().AddMemberAsync(
            demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        return (new Channels(host.CreateClient()), demo, secretary);
    }

    /// <summary>Round 1 is paid in full by the four original members, then Patrick and the secretary approve it.</summary>
    private async Task<string> FillAndApproveRoundOneAsync(Channels client)
    {
        await demo.FillRoundOneAsync(host);
        var code = $"P{demo.Rounds[0].Id}";
        await client.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}");
        Assert.Contains("fully approved", await client.WhatsAppAsync(secretary.Phone.E164, $"APPROVE {code}"));
        return code;
    }

    /// <summary>The payout once the simulator has its request: it is marked sent just before the request goes out.</summary>
    private async Task<Disbursement> SentAsync()
    {
        await Eventually.ReturnsAsync(() => Task.FromResult(daraja.Payouts.Count), n => n == 1, "the payout request");
        return await SettledAsync(host, DisbursementStatus.Sent);
    }

    private async Task<Disbursement> SettledAsync(MpesaHost on, DisbursementStatus status) =>
        (await Eventually.ReturnsAsync(
            () => on.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id),
            payouts => payouts.Any(p => p.Status == status),
            $"a {status} payout")).First(p => p.Status == status);
}
