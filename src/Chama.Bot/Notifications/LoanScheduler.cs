using Chama.Bot.Payments;
using Chama.Conversations.Commands.Loans;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Loans;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// Every minute, by the clock in Nairobi time, for every loan paid out and not yet repaid or recovered: charges each
/// month's interest at its start and each missed instalment's penalty, marks a default once the missed instalments reach
/// the constitution's number (<see cref="LoanCharges"/>: each once, held by the database), and reminds the borrower of
/// an instalment a few days before it falls due and once when it is late. Nothing runs during quiet hours, so no
/// message about a loan goes out at night; the morning's first pass charges what fell due overnight, at the same
/// amounts, since each charge is by the month and the instalment, not by the hour.
/// </summary>
public sealed partial class LoanScheduler(
    ChamaStore chamas,
    LoanCharges loans,
    LoanReminders reminders,
    MessageTexts texts,
    Outbox outbox,
    IOptionsMonitor<ReminderOptions> options,
    TimeProvider clock,
    ILogger<LoanScheduler> logger) : PollingWorker(logger)
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
        var due = new List<OutboundMessage>();
        foreach (var chama in await chamas.GetChamasAsync(cancellationToken))
        {
            foreach (var loanId in await loans.RunningAsync(chama.Id, cancellationToken))
            {
                if (await loans.ChargeAsync(chama, loanId, LoanLifeNotices.Charged(texts, chama), cancellationToken) is { } made)
                {
                    LogCharged(made.Charged.Count, chama.Code, loanId, made.DefaultedNow);
                }

                if (await loans.FindAsync(chama.Id, loanId, cancellationToken) is { Closed: false } loan)
                {
                    due.AddRange(await reminders.ForAsync(chama, loan, today, cancellationToken));
                }
            }
        }

        if (due.Count > 0)
        {
            var queuedToday = await outbox.KeysLikeAsync($"reminder:%:{today:yyyy-MM-dd}", cancellationToken);
            var kept = ReminderEtiquette.Limit(due, queuedToday, settings.MaxRemindersPerDay);
            if (kept.Count > 0 && await outbox.EnqueueAllAsync(kept, cancellationToken) is > 0 and var added)
            {
                LogReminded(added, today);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charged {Count} loan charges in {Chama} on loan {Loan} (defaulted now: {Defaulted})")]
    private partial void LogCharged(int count, string chama, long loan, bool defaulted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} loan reminders for {Day}")]
    private partial void LogReminded(int count, DateOnly day);
}
