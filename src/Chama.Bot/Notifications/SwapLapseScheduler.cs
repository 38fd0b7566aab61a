using Chama.Bot.Payments;
using Chama.Conversations.Commands.Swaps;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Chama.Data.Swaps;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// Every minute, records the lapse of each seat swap held for the officers whose first round has fallen due undecided
/// (<see cref="HeldSwapLapse"/>; once each, held by the database), and tells both members and the other officers once
/// (outbox keys <c>swap-lapsed:&lt;swap&gt;:&lt;member&gt;</c>). Lapses are recorded at any hour; their messages wait for
/// the end of quiet hours, like fines.
/// </summary>
public sealed partial class SwapLapseScheduler(
    SeatSwapStore swaps,
    ChamaStore chamas,
    MessageTexts texts,
    Outbox outbox,
    IOptionsMonitor<ReminderOptions> options,
    TimeProvider clock,
    ILogger<SwapLapseScheduler> logger) : PollingWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await swaps.LapseDueAsync(cancellationToken) is > 0 and var lapsed)
        {
            LogLapsed(lapsed);
        }

        if (options.CurrentValue.IsQuiet(TimeOnly.FromDateTime(NairobiTime.Now(clock).DateTime))
            || await swaps.GetUnannouncedLapsesAsync(cancellationToken) is not { Count: > 0 } unannounced)
        {
            return;
        }

        var names = (await chamas.GetChamasAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.Name);
        var messages = unannounced.SelectMany(swap => SwapNotices.Lapsed(texts, names.GetValueOrDefault(swap.Swap.ChamaId, ""), swap)).ToList();
        await outbox.EnqueueAllAsync(messages, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} held seat swaps lapsed undecided")]
    private partial void LogLapsed(int count);
}
