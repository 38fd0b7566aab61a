using Chama.Bot.Notifications;
using Chama.Core;
using Dapper;

namespace Chama.Bot.Tests.Notifications;

/// <summary>Seven weeks of simulated hours over the demo chama: what the scheduler queues, when, and to whom.</summary>
public sealed class ReminderSchedulerTests : IDisposable
{
    private readonly BotFactory host = new BotFactory().With("Reminders:MeetingPlace", "Kariokor Social Hall");

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Seven_weeks_of_hourly_passes_queue_each_reminder_once_outside_quiet_hours_and_never_to_members_paid_up()
    {
        var demo = await Demo.LoadAsync(host);
        var scheduler = host.Get<ReminderScheduler>();
        var (round1, round2) = (demo.Rounds[0], demo.Rounds[1]);
        Assert.Equal((new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28)), (round1.DueDate, round2.DueDate));
        await demo.PayAsync(host, demo.Grace, 10_000, "QKJ4HT8M01");

        var end = new DateTimeOffset(2026, 3, 2, 0, 0, 0, NairobiTime.Offset);
        while (NairobiTime.Now(host.Clock) < end)
        {
            var today = NairobiTime.Today(host.Clock);
            if (today == new DateOnly(2026, 1, 29) && NairobiTime.Now(host.Clock).Hour == 12)
            {
                await demo.PayAsync(host, demo.Diana, 4_000, "QKJ4HT8M03");
            }

            if (today == new DateOnly(2026, 2, 20) && NairobiTime.Now(host.Clock).Hour == 12)
            {
                await demo.PayAsync(host, demo.Samuel, 10_000, "QKJ4HT8M14", round: 2);
            }

            // Passes may repeat freely: the second changes nothing.
            await scheduler.RunOnceAsync(default);
            await scheduler.RunOnceAsync(default);
            host.Clock.Advance(TimeSpan.FromHours(1));
        }

        var queued = await QueuedAsync();
        Assert.Equal(Expected(demo).Order(), queued.Select(q => q.Key).Order());
        Assert.All(queued, q => Assert.InRange(q.At.Hour, 7, 20));
        Assert.Equal(new DateTimeOffset(2026, 1, 28, 7, 0, 0, NairobiTime.Offset), queued.Where(q => q.Key.StartsWith("reminder:before:", StringComparison.Ordinal)).Min(q => q.At));
        Assert.DoesNotContain(queued, q => q.Body.Contains("missed", StringComparison.OrdinalIgnoreCase));

        var dianaDue = Assert.Single(queued, q => q.Key == $"reminder:due:{round1.Id}:{demo.Diana.Id}:2026-01-31");
        Assert.Equal("Habari Diana Mwangi, leo (31 Jan 2026) ndiyo siku ya mwisho ya mchango wa Umoja Investment Club mzunguko 1. Bado kulipa: KES 6,000. Jibu LIPA kulipa kwa M-Pesa.", dianaDue.Body);
        var notice = Assert.Single(queued, q => q.Key == $"reminder:meeting:{round1.Id}:{demo.Samuel.Id}:2026-01-29");
        Assert.Equal("Hello Samuel Kimani, Umoja Investment Club meets on 31 Jan 2026 at Kariokor Social Hall. This round's pot (round 1) goes to Grace Wanjiku.", notice.Body);
    }

    /// <summary>The rule, written out: who is reminded of what on which day.</summary>
    private static IEnumerable<string> Expected(Demo demo)
    {
        var (round1, round2) = (demo.Rounds[0].Id, demo.Rounds[1].Id);
        Member[] everyone = [demo.Grace, demo.Patrick, demo.Diana, demo.Samuel];
        Member[] owingRound1 = [demo.Patrick, demo.Diana, demo.Samuel];
        Member[] owingRound2 = [demo.Grace, demo.Patrick, demo.Diana];
        (string Kind, long Round, string Day, Member[] To)[] plan =
        [
            ("before", round1, "2026-01-28", owingRound1),
            ("meeting", round1, "2026-01-29", everyone),
            ("due", round1, "2026-01-31", owingRound1),
            ("overdue", round1, "2026-02-01", owingRound1),
            ("overdue", round1, "2026-02-08", owingRound1),
            ("overdue", round1, "2026-02-15", owingRound1),
            ("overdue", round1, "2026-02-22", owingRound1),
            ("before", round2, "2026-02-25", owingRound2),
            ("meeting", round2, "2026-02-26", everyone),
            ("due", round2, "2026-02-28", owingRound2),
            ("overdue", round1, "2026-03-01", owingRound1),
            ("overdue", round2, "2026-03-01", owingRound2),
        ];
        return plan.SelectMany(p => p.To.Select(m => $"reminder:{p.Kind}:{p.Round}:{m.Id}:{p.Day}"));
    }

    private async Task<IReadOnlyList<(string Key, string Body, DateTimeOffset At)>> QueuedAsync()
    {
        await using var connection = host.Storage.Connect();
        return (await connection.QueryAsync<(string Key, string Body, long At)>(
                "SELECT idempotency_key, body, created_at FROM outbound_messages WHERE idempotency_key LIKE 'reminder:%';"))
            .Select(r => (r.Key, r.Body, DateTimeOffset.FromUnixTimeMilliseconds(r.At).ToOffset(NairobiTime.Offset)))
            .ToList();
    }
}
