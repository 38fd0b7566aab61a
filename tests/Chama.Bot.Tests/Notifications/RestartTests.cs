using Chama.Data.Outbox;

namespace Chama.Bot.Tests.Notifications;

/// <summary>
/// The host stops while a message is with Twilio and a new host takes over the same database: nothing is lost, and a
/// message Twilio took is not sent again once its status callback names it.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "chama-bot-tests", Guid.NewGuid().ToString("N"));
    private FakeTwilio twilio = null!;

    public async Task InitializeAsync() => twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync()
    {
        await twilio.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task A_host_stopped_before_Twilio_answered_leaves_the_claim_to_expire_and_the_next_host_sends_the_message_once()
    {
        var id = await StopMidSendAsync(accepted: false);

        using var restarted = new NotifyHost(twilio, folder);
        await restarted.SendAsync();
        Assert.Single(twilio.Requests);

        restarted.Clock.Advance(TimeSpan.FromMinutes(2));
        await restarted.SendAsync();
        await restarted.SendAsync();

        Assert.Equal(2, twilio.Requests.Count);
        var created = Assert.Single(twilio.Created);
        Assert.Equal("Sent", await restarted.StatusOfAsync(id));
        Assert.Equal([("Sent", null, null, created.Sid)], await restarted.AttemptsAsync(id));
    }

    [Fact]
    public async Task A_host_stopped_after_Twilio_took_the_message_does_not_send_it_again_once_the_status_callback_names_it()
    {
        var id = await StopMidSendAsync(accepted: true);
        var taken = Assert.Single(twilio.Created);

        using var restarted = new NotifyHost(twilio, folder);
        var callback = taken.Field("StatusCallback")!;
        Assert.Equal(System.Net.HttpStatusCode.NoContent, await StatusCallbackTests.PostAsync(restarted, callback, StatusCallbackTests.Form(taken.Sid!, "sent")));
        restarted.Clock.Advance(TimeSpan.FromMinutes(2));
        await restarted.SendAsync();
        restarted.Clock.Advance(TimeSpan.FromHours(1));
        await restarted.SendAsync();

        Assert.Single(twilio.Requests);
        Assert.Equal("Sent", await restarted.StatusOfAsync(id));
        Assert.Equal([("Sent", null, null, taken.Sid)], await restarted.AttemptsAsync(id));
    }

    /// <summary>A host claims a receipt and sends it; Twilio does not answer; the host stops before recording anything.</summary>
    private async Task<long> StopMidSendAsync(bool accepted)
    {
        using var first = new NotifyHost(twilio, folder);
        var demo = await Demo.LoadAsync(first);
        var id = await first.QueueAsync(demo.Diana, "receipt:QKJ4HT8MZP", "Tumepokea KES 10,000.");
        var held = twilio.HoldAsync(accepted);
        using var stopping = new CancellationTokenSource();
        var sending = first.SendAsync(stopping.Token);
        await held;

        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal("Sending", await first.StatusOfAsync(id));
        Assert.Empty(await first.AttemptsAsync(id));
        return id;
    }
}
