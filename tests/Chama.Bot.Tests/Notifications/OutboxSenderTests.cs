using Chama.Data.Outbox;

namespace Chama.Bot.Tests.Notifications;

/// <summary>The outbox sent through the real Twilio SDK to a Twilio on 127.0.0.1: once, with backoff, and failures kept.</summary>
public sealed class OutboxSenderTests : IAsyncLifetime
{
    private FakeTwilio twilio = null!;
    private NotifyHost host = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilio.StartAsync();
        host = new NotifyHost(twilio);
        host.With("Notifications:MaxAttempts", "4").With("Twilio:ContentSids:reminder_due", "HX0123456789abcdef0123456789abcdef");
        demo = await Demo.LoadAsync(host);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task A_queued_receipt_is_sent_once_from_the_WhatsApp_number_with_a_status_callback()
    {
        var id = await host.QueueAsync(demo.Diana, "receipt:QKJ4HT8MZP", "Tumepokea KES 10,000 kutoka kwa Diana Mwangi, risiti ya M-Pesa QKJ4HT8MZP.");

        await host.SendAsync();
        await host.SendAsync();

        var sent = Assert.Single(twilio.Requests);
        Assert.Equal("whatsapp:+254733000003", sent.Field("To"));
        Assert.Equal($"whatsapp:{NotifyHost.WhatsAppFrom}", sent.Field("From"));
        Assert.Equal("Tumepokea KES 10,000 kutoka kwa Diana Mwangi, risiti ya M-Pesa QKJ4HT8MZP.", sent.Field("Body"));
        Assert.Equal($"{BotFactory.PublicBaseUrl}/webhooks/whatsapp/status?outbox={id}", sent.Field("StatusCallback"));
        Assert.Null(sent.Field("ContentSid"));
        Assert.Equal("Sent", await host.StatusOfAsync(id));
        Assert.Equal([("Sent", null, null, sent.Sid)], await host.AttemptsAsync(id));
    }

    [Fact]
    public async Task A_server_error_then_throttling_are_retried_after_growing_waits_and_the_message_goes_once()
    {
        twilio.Fail(500, 20500, "Internal Server Error");
        twilio.Fail(429, 20429, "Too Many Requests");
        var id = await host.QueueAsync(demo.Samuel, "receipt:QKJ4HT8M04", "Received KES 10,000.");

        await host.SendAsync();
        host.Clock.Advance(TimeSpan.FromMilliseconds(1_999));
        await host.SendAsync();
        Assert.Single(twilio.Requests);

        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.SendAsync();
        host.Clock.Advance(TimeSpan.FromMilliseconds(3_999));
        await host.SendAsync();
        Assert.Equal(2, twilio.Requests.Count);

        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.SendAsync();
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.SendAsync();

        Assert.Equal(3, twilio.Requests.Count);
        var created = Assert.Single(twilio.Created);
        Assert.Equal(
            [("RetryableFailure", 2_000L, 20500L, null), ("RetryableFailure", 4_000L, 20429L, null), ("Sent", null, null, created.Sid)],
            await host.AttemptsAsync(id));
        Assert.Equal("Sent", await host.StatusOfAsync(id));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        twilio.Drop();
        var id = await host.QueueAsync(demo.Samuel, "receipt:QKJ4HT8M05", "Received KES 10,000.");

        await host.SendAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        await host.SendAsync();

        Assert.Equal(2, twilio.Requests.Count);
        Assert.Single(twilio.Created);
        Assert.Equal(["RetryableFailure", "Sent"], (await host.AttemptsAsync(id)).Select(a => a.Outcome));
    }

    [Fact]
    public async Task An_invalid_number_fails_at_once_with_Twilios_error_kept_and_is_listed_for_the_officers()
    {
        twilio.Fail(400, 21211, "The 'To' number is not a valid phone number.");
        var id = await host.QueueAsync(demo.Samuel, "receipt:QKJ4HT8M06", "Received KES 10,000.");

        await host.SendAsync();
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.SendAsync();

        Assert.Single(twilio.Requests);
        Assert.Equal("Failed", await host.StatusOfAsync(id));
        var failed = Assert.Single(await host.Get<OutboxDelivery>().ListFailedAsync(demo.Chama.Id));
        Assert.Equal((id, "receipt:QKJ4HT8M06", demo.Samuel.Id, 1, 21211), (failed.Id, failed.IdempotencyKey, failed.MemberId, failed.Attempts, failed.ErrorCode));
        Assert.Contains("not a valid phone number", failed.Error, StringComparison.Ordinal);

        // The officers see it by reply; an ordinary member does not.
        var channels = new Channels(host.CreateClient());
        Assert.Contains("- Samuel Kimani: receipt (Twilio error 21211)", await channels.WhatsAppAsync(Phones.Patrick, "UNSENT"));
        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, "UNSENT"));
    }

    [Fact]
    public async Task With_nothing_failed_the_officers_are_told_all_is_sent()
    {
        var channels = new Channels(host.CreateClient());
        Assert.Contains("Every message to your members has been sent", await channels.WhatsAppAsync(Phones.Grace, "UNSENT"));
    }

    [Fact]
    public async Task After_the_last_retryable_failure_the_message_is_failed_and_listed()
    {
        twilio.Fail(503, 20503, "Service Unavailable", times: 4);
        var id = await host.QueueAsync(demo.Patrick, "pot-ready:1:2", "The pot is full.");

        for (var pass = 0; pass < 8; pass++)
        {
            await host.SendAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(4, twilio.Requests.Count);
        Assert.Empty(twilio.Created);
        Assert.Equal(["RetryableFailure", "RetryableFailure", "RetryableFailure", "Failed"], (await host.AttemptsAsync(id)).Select(a => a.Outcome));
        var failed = Assert.Single(await host.Get<OutboxDelivery>().ListFailedAsync(demo.Chama.Id));
        Assert.Equal((4, 20503), (failed.Attempts, failed.ErrorCode));
    }

    [Fact]
    public async Task Outside_the_24_hour_window_a_reminder_goes_as_its_approved_template_and_inside_it_as_text()
    {
        const string variables = """{"1":"Samuel Kimani","2":"KES 10,000","3":"Umoja Investment Club","4":"1","5":"31 Jan 2026"}""";
        await host.QueueAsync(demo.Samuel, "reminder:due:1:4:2026-01-31", "Hello Samuel Kimani, today is the due date.", "reminder_due", variables);
        await host.SendAsync();

        await new Channels(host.CreateClient()).WhatsAppAsync(Phones.Samuel, "BALANCE");
        await host.QueueAsync(demo.Samuel, "reminder:due:1:4:2026-02-01", "Hello Samuel Kimani, today is the due date.", "reminder_due", variables);
        await host.SendAsync();

        var (outside, inside) = (twilio.Requests[0], twilio.Requests[1]);
        Assert.Equal(("HX0123456789abcdef0123456789abcdef", variables, null), (outside.Field("ContentSid"), outside.Field("ContentVariables"), outside.Field("Body")));
        Assert.Equal((null, "Hello Samuel Kimani, today is the due date."), (inside.Field("ContentSid"), inside.Field("Body")));
    }

    [Fact]
    public async Task A_member_who_prefers_SMS_is_written_to_from_the_SMS_number_and_a_long_text_is_cut_to_Twilios_limit()
    {
        await using (var connection = host.Storage.Connect())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE members SET prefers_sms = 1 WHERE id = @Id;", new { demo.Samuel.Id });
        }

        await host.QueueAsync(demo.Samuel, "long:1", new string('x', 1_598) + "😀" + new string('y', 400));
        await host.SendAsync();

        var sent = Assert.Single(twilio.Requests);
        Assert.Equal(("+254711000004", NotifyHost.SmsFrom), (sent.Field("To"), sent.Field("From")));
        Assert.Equal(new string('x', 1_598) + "…", sent.Field("Body"));
    }
}
