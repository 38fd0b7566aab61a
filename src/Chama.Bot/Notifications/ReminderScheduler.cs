using Chama.Bot.Payments;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// Every minute, by the clock in Nairobi time, queues the day's reminders and meeting notices for every running cycle.
/// Passes may repeat as often as they like: the outbox keys make each message once per day. During quiet hours nothing
/// is queued; the morning's first pass catches up.
/// </summary>
public sealed partial class ReminderScheduler(
    ChamaStore chamas,
    CycleStore cycles,
    ContributionLedger ledger,
    ReminderNotices notices,
    Outbox outbox,
    IOptionsMonitor<ReminderOptions> options,
    TimeProvider clock,
    ILogger<ReminderScheduler> logger) : PollingWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = NairobiTime.Now(clock);
        if (settings.IsQuiet(TimeOnly.FromDateTime(now.DateTime)))
        {
            return;
        }

        var today = DateOnly.FromDateTime(now.DateTime);
        var messages = new List<OutboundMessage>();
        foreach (var chama in await chamas.GetChamasAsync(cancellationToken))
        {
            if (await cycles.FindActiveCycleAsync(chama.Id, cancellationToken) is not { } cycle)
            {
                continue;
            }

            foreach (var round in await cycles.GetRoundsAsync(cycle.Id, cancellationToken))
            {
                var kinds = ReminderCalendar.KindsFor(round.DueDate, today, settings).ToList();
                if (kinds.Count > 0)
                {
                    var summary = await ledger.GetRoundSummaryAsync(round.Id, cancellationToken);
                    messages.AddRange(kinds.SelectMany(kind => notices.For(chama, summary, kind, today)));
                }
            }
        }

        if (messages.Count > 0)
        {
            var queuedToday = await outbox.KeysLikeAsync($"reminder:%:{today:yyyy-MM-dd}", cancellationToken);
            messages = [.. ReminderEtiquette.Limit(messages, queuedToday, settings.MaxRemindersPerDay)];
        }

        if (messages.Count > 0 && await outbox.EnqueueAllAsync(messages, cancellationToken) is > 0 and var added)
        {
            LogQueued(added, today);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} reminders and notices for {Day}")]
    private partial void LogQueued(int count, DateOnly day);
}
