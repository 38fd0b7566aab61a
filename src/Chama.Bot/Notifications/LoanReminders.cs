using System.Globalization;
using Chama.Conversations.Commands.Loans;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// A borrower's instalment reminders: one within <see cref="ReminderOptions.DaysBefore"/> days before an instalment
/// falls due, and one from the day after it was due while it is unpaid, each at most once per instalment: the outbox
/// keeps every reminder queued, so a restart or a missed day never repeats one. Keys read <c>reminder:loan-before:&lt;loan&gt;-&lt;instalment&gt;:&lt;member&gt;:&lt;date&gt;</c>,
/// so <see cref="ReminderEtiquette"/> counts them with the contribution reminders of the day.
/// </summary>
public sealed class LoanReminders(MessageTexts texts, Outbox outbox, IOptionsMonitor<ReminderOptions> options)
{
    public async Task<IReadOnlyList<OutboundMessage>> ForAsync(ChamaGroup chama, LoanLife loan, DateOnly today, CancellationToken cancellationToken = default)
    {
        var grace = chama.Constitution.GraceDays;
        var position = loan.Position(today, grace);
        var daysBefore = options.CurrentValue.DaysBefore;

        // A coming instalment's reminder asks for it and whatever is due already; a late one's for everything due now.
        var wanted = loan.Schedule.Instalments
            .Where(i => position.Uncovered(i).IsPositive)
            .Select(i => (Instalment: i, DaysLeft: i.Due.DayNumber - today.DayNumber))
            .Where(i => i.DaysLeft < 0 || (i.DaysLeft > 0 && i.DaysLeft <= daysBefore))
            .Select(i => i.DaysLeft < 0
                ? (Kind: "overdue", i.Instalment, Amount: position.DueNow)
                : (Kind: "before", i.Instalment, Amount: position.DueNow + position.Uncovered(i.Instalment)))
            .ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var sent = (await outbox.KeysLikeAsync($"reminder:loan-%:{loan.Id}-%", cancellationToken)).Select(Subject).ToHashSet(StringComparer.Ordinal);
        return wanted
            .Where(w => !sent.Contains(SubjectOf(w.Kind, loan.Id, w.Instalment.Number)))
            .Select(w => Reminder(chama, loan, w.Kind, w.Instalment, w.Amount, today))
            .ToList();
    }

    private OutboundMessage Reminder(ChamaGroup chama, LoanLife loan, string kind, Instalment instalment, Money amount, DateOnly today)
    {
        var borrower = loan.Borrower;
        var body = texts.Render(borrower.Language, "loan_reminder", new
        {
            kind,
            name = borrower.Name,
            chama = chama.Name,
            code = loan.Code,
            month = instalment.Number,
            due_date = LoanLifeNotices.Date(instalment.Due),
            amount = amount.ToString(),
            grace = chama.Constitution.GraceDays,
            percent = loan.Facts.PenaltyPercent,
            mpesa = MpesaReach.Serves(chama.Currency, borrower.Phone),
        });
        var key = $"{SubjectOf(kind, loan.Id, instalment.Number)}:{borrower.Id}:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return new OutboundMessage(key, chama.Id, borrower.Id, borrower.Phone, body);
    }

    /// <summary><c>reminder:loan-before:5-2</c>: which reminder of which instalment, whatever the member and day.</summary>
    private static string SubjectOf(string kind, long loanId, int instalment) =>
        string.Create(CultureInfo.InvariantCulture, $"reminder:loan-{kind}:{loanId}-{instalment}");

    private static string Subject(string key) => string.Join(':', key.Split(':').Take(3));
}
