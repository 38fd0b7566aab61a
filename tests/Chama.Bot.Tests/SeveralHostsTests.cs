using Chama.Bot.Notifications;
using Chama.Bot.Tests.Mpesa;
using Chama.Bot.Tests.Notifications;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Tests;
using Dapper;

namespace Chama.Bot.Tests;

/// <summary>
/// Two hosts on one PostgreSQL database with no sticky sessions, each running its own workers (outbox sender,
/// schedulers, payment dispatcher): a conversation goes on at whichever host the next request reaches, a callback
/// delivered to both counts once, and every message reaches Twilio once.
/// </summary>
public sealed class SeveralHostsTests : IAsyncLifetime
{
    private readonly TestStorage storage = TestStorage.Create(Engine.Postgres);
    private FakeTwilio twilio = null!;
    private NotifyHost first = null!;
    private NotifyHost second = null!;

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilio.StartAsync();
        // The first host migrates and seeds the demo chama; the second finds both done.
        first = Start();
        second = Start();
    }

    public async Task DisposeAsync()
    {
        first.Dispose();
        second.Dispose();
        storage.Dispose();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task A_USSD_session_goes_on_at_whichever_host_each_hop_reaches()
    {
        var (a, b) = (new Channels(first.CreateClient()), new Channels(second.CreateClient()));

        Assert.StartsWith("CON Umoja", await a.UssdAsync("ATUid_7", Phones.Samuel, ""));
        Assert.StartsWith("CON Round 1", await b.UssdAsync("ATUid_7", Phones.Samuel, "1"));
        Assert.StartsWith("CON Enter the amount", await a.UssdAsync("ATUid_7", Phones.Samuel, "1*2"));
        Assert.StartsWith("CON Pay KES 750", await b.UssdAsync("ATUid_7", Phones.Samuel, "1*2*750"));
        Assert.StartsWith("END You will get an M-Pesa prompt for KES 750.", await a.UssdAsync("ATUid_7", Phones.Samuel, "1*2*750*1"));

        await ExactlyOnePushAsync(request => request.Amount == Money.Kes(750));
    }

    [Fact]
    public async Task A_WhatsApp_conversation_goes_on_at_whichever_host_each_message_reaches()
    {
        var (a, b) = (new Channels(first.CreateClient()), new Channels(second.CreateClient()));

        Assert.Contains("You owe KES 10,000.", await a.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.Contains("Pay KES 10,000 to Umoja Investment Club for round 1 from M-Pesa +254711000004?", await b.WhatsAppAsync(Phones.Samuel, "1"));
        Assert.Contains("Enter your M-Pesa PIN", await a.WhatsAppAsync(Phones.Samuel, "1"));

        await ExactlyOnePushAsync(request => request.Amount == Money.Kes(10_000) && request.Phone.E164 == Phones.Samuel);
    }

    [Fact]
    public async Task The_same_STK_callback_delivered_to_both_hosts_at_once_counts_once_and_its_receipt_is_sent_once()
    {
        var demo = await Demo.LoadAsync(first);
        var checkout = await first.PushAsync(demo, demo.Samuel, 10_000);
        var callback = DarajaCallbacks.StkSuccess(checkout, 10_000, "UAA1BC2DE3");
        var (a, b) = (new DarajaCallbacks(first.CreateClient()), new DarajaCallbacks(second.CreateClient()));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).DeliverAsync("stk", callback))));

        Assert.All(answers, answer => Assert.Equal("0", answer));
        Assert.Equal(1, await DatabaseProbe.CountAsync(first, "contributions", "receipt = 'UAA1BC2DE3'"));
        Assert.Equal(Money.Kes(10_000), (await second.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
        await AllSentAsync();
        Assert.Single(twilio.Created, request => request.Field("Body")?.Contains("UAA1BC2DE3", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task With_both_hosts_scheduling_and_sending_each_message_reaches_Twilio_once()
    {
        // 31 January, 09:00 in Nairobi: round 1 is due today and nobody has paid, so everyone is reminded.
        foreach (var host in new[] { first, second })
        {
            host.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 31, 6, 0, 0, TimeSpan.Zero));
        }

        // Both hosts' schedulers pass at once, several times, as their timers would on a busy morning.
        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { first, second }).Select(host => Task.Run(async () =>
        {
            await host.Get<FineScheduler>().RunOnceAsync(default);
            await host.Get<ReminderScheduler>().RunOnceAsync(default);
        })));

        var queued = await AllSentAsync();
        Assert.True(queued > 0, "the schedulers queued nothing");
        var sent = twilio.Created.Select(request => request.Field("StatusCallback")).ToList();
        Assert.Equal(queued, sent.Count);
        Assert.Equal(sent.Count, sent.Distinct().Count());
    }

    private NotifyHost Start()
    {
        var host = new NotifyHost(twilio, storage);
        host.WithCallbacks()
            .With("Notifications:Background", "true")
            .With("Notifications:SendInterval", "00:00:00.050");
        _ = host.Server;
        return host;
    }

    /// <summary>Both hosts' dispatchers run: the payment request is pushed, by one of them, once.</summary>
    private async Task ExactlyOnePushAsync(Func<PaymentRequest, bool> match)
    {
        await Eventually.ReturnsAsync(
            () => Task.FromResult(Eventually.Pushes(first.StkPush).Count(match) + Eventually.Pushes(second.StkPush).Count(match)),
            pushes => pushes > 0,
            "the payment to be pushed");
        // Several more passes of both dispatchers: none pushes it again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, Eventually.Pushes(first.StkPush).Count(match) + Eventually.Pushes(second.StkPush).Count(match));
        Assert.Equal(1, await DatabaseProbe.CountAsync(first, "payment_requests"));
    }

    /// <summary>Waits until the outbox has nothing left to send, then lets both senders pass again; answers how many were sent.</summary>
    private async Task<long> AllSentAsync()
    {
        await Eventually.ReturnsAsync(
            () => DatabaseProbe.CountAsync(first, "outbound_messages", "status IN ('Queued', 'Sending')"),
            waiting => waiting == 0,
            "the outbox to be sent");
        await Task.WhenAll(first.SendAsync(), second.SendAsync());
        return await DatabaseProbe.CountAsync(first, "outbound_messages", "status = 'Sent'");
    }
}
