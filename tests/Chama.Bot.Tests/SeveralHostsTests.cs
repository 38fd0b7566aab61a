using Chama.Bot.Notifications;
using Chama.Bot.Payments;
using Chama.Bot.Tests.Mpesa;
using Chama.Bot.Tests.Notifications;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chama.Bot.Tests;

/// <summary>
/// Two hosts on one PostgreSQL database with no sticky sessions, each running its own workers (outbox sender,
/// schedulers, payment dispatcher): a conversation goes on at whichever host the next request reaches, a callback
/// delivered to both counts once, and every message reaches Twilio once.
/// </summary>
public sealed class SeveralHostsTests : IAsyncLifetime
{
    private readonly TestStorage storage = TestStorage.Create(Engine.Postgres);
    private readonly List<NotifyHost> hosts = [];
    private TestStorage? empty;
    private FakeTwilio twilio = null!;

    public async Task InitializeAsync() => twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync()
    {
        hosts.ForEach(host => host.Dispose());
        storage.Dispose();
        empty?.Dispose();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task A_USSD_session_goes_on_at_whichever_host_each_hop_reaches()
    {
        var (first, second) = StartHosts();
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
        var (first, second) = StartHosts();
        var (a, b) = (new Channels(first.CreateClient()), new Channels(second.CreateClient()));

        Assert.Contains("You owe KES 10,000.", await a.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.Contains("Pay KES 10,000 to Umoja Investment Club for round 1 from M-Pesa +254711000004?", await b.WhatsAppAsync(Phones.Samuel, "1"));
        Assert.Contains("Enter your M-Pesa PIN", await a.WhatsAppAsync(Phones.Samuel, "1"));

        await ExactlyOnePushAsync(request => request.Amount == Money.Kes(10_000) && request.Phone.E164 == Phones.Samuel);
    }

    [Fact]
    public async Task The_same_STK_callback_delivered_to_both_hosts_at_once_counts_once_and_its_receipt_is_sent_once()
    {
        var (first, second) = StartHosts();
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
        // 31 January, 09:00 in Nairobi: the demo's round 1 is due today and nobody has paid, so everyone is reminded.
        // Both hosts' schedulers pass as they start, and again here, at once, as their timers would on a busy morning.
        var (first, second) = StartHosts(new DateTimeOffset(2026, 1, 31, 6, 0, 0, TimeSpan.Zero));

        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { first, second }).Select(host => Task.Run(async () =>
        {
            await host.Get<FineScheduler>().RunOnceAsync(default);
            await host.Get<ReminderScheduler>().RunOnceAsync(default);
        })));

        var queued = await AllSentAsync();
        Assert.True(queued >= 4, $"only {queued} reminders were sent");
        var sent = twilio.Created.Select(request => request.Field("StatusCallback")).ToList();
        Assert.Equal(queued, sent.Count);
        Assert.Equal(sent.Count, sent.Distinct().Count());
    }

    [Fact]
    public async Task Two_hosts_starting_together_on_a_new_database_both_start_and_seed_the_demo_once()
    {
        empty = TestStorage.Create(Engine.Postgres, migrated: false);
        var both = new[] { Configure(new NotifyHost(twilio, empty)), Configure(new NotifyHost(twilio, empty)) };

        await Task.WhenAll(both.Select(host => Task.Run(() => host.Server)));

        Assert.Equal(1, await DatabaseProbe.CountAsync(both[0], "chamas"));
        Assert.Equal(4, await DatabaseProbe.CountAsync(both[1], "members"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(both[0], "cycles"));
    }

    /// <summary>
    /// Starts two hosts on the one database, their clocks at <paramref name="at"/> (default 10 January): the first
    /// migrates and seeds the demo chama (round 1 due at the end of that month), the second finds both done.
    /// </summary>
    private (NotifyHost First, NotifyHost Second) StartHosts(DateTimeOffset? at = null) => (Start(at), Start(at));

    private NotifyHost Start(DateTimeOffset? at)
    {
        var host = Configure(new NotifyHost(twilio, storage));
        if (at is { } start)
        {
            host.Clock.SetUtcNow(start);
        }

        _ = host.Server;
        return host;
    }

    /// <summary>A host with its callbacks on and its workers running in the background, disposed with the test.</summary>
    private NotifyHost Configure(NotifyHost host)
    {
        hosts.Add(host);
        host.WithCallbacks()
            .With("Notifications:Background", "true")
            .With("Notifications:SendInterval", "00:00:00.050");
        return host;
    }

    /// <summary>Both hosts' dispatchers run: the payment request is pushed, by one of them, once.</summary>
    private async Task ExactlyOnePushAsync(Func<PaymentRequest, bool> match)
    {
        int Pushes() => hosts.Sum(host => Eventually.Pushes(host.StkPush).Count(match));
        await Eventually.ReturnsAsync(() => Task.FromResult(Pushes()), pushes => pushes > 0, "the payment to be pushed");

        // More passes of both hosts' dispatchers, at once, beside their own loops: none pushes it again.
        for (var pass = 0; pass < 3; pass++)
        {
            await Task.WhenAll(hosts.Select(host => Dispatcher(host).RunOnceAsync(default)));
        }

        Assert.Equal(1, Pushes());
        Assert.Equal(1, await DatabaseProbe.CountAsync(hosts[0], "payment_requests"));
    }

    private static PaymentDispatcher Dispatcher(BotFactory host) => host.Services.GetServices<IHostedService>().OfType<PaymentDispatcher>().Single();

    /// <summary>Waits until the outbox has nothing left to send, then lets both senders pass again; answers how many were sent.</summary>
    private async Task<long> AllSentAsync()
    {
        await Eventually.ReturnsAsync(
            () => DatabaseProbe.CountAsync(hosts[0], "outbound_messages", "status IN ('Queued', 'Sending')"),
            waiting => waiting == 0,
            "the outbox to be sent");
        await Task.WhenAll(hosts.Select(host => host.SendAsync()));
        return await DatabaseProbe.CountAsync(hosts[0], "outbound_messages", "status = 'Sent'");
    }
}
