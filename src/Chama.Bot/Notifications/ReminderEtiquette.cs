using System.Globalization;
using Chama.Data.Outbox;

namespace Chama.Bot.Notifications;

/// <summary>
/// At most <see cref="ReminderOptions.MaxRemindersPerDay"/> payment reminders a member a day, counting those already
/// queued that day: a member behind on several rounds hears about the oldest debts first rather than receiving a
/// reminder per round. Reminder keys read <c>reminder:&lt;kind&gt;:&lt;round&gt;:&lt;member&gt;:&lt;date&gt;</c>; a loan's
/// instalment reminders read <c>reminder:loan-&lt;kind&gt;:&lt;loan&gt;-&lt;instalment&gt;:&lt;member&gt;:&lt;date&gt;</c> and count alike.
/// </summary>
public static class ReminderEtiquette
{
    private const string LoanPrefix = "loan-";

    private static readonly string[] Pressing = ["overdue", "due", "before"];

    public static IReadOnlyList<OutboundMessage> Limit(IEnumerable<OutboundMessage> candidates, IReadOnlyCollection<string> queuedToday, int maxPerDay)
    {
        var sent = queuedToday.Select(Parse).Where(key => key is { IsReminder: true }).GroupBy(key => key!.Value.Member).ToDictionary(g => g.Key, g => g.Count());
        var kept = new List<OutboundMessage>();
        foreach (var message in candidates
                     .Select(message => (Message: message, Key: Parse(message.IdempotencyKey)))
                     .OrderBy(c => c.Key is { IsReminder: true } key ? Array.IndexOf(Pressing, key.Kind) : -1)
                     .ThenBy(c => c.Key?.Round ?? 0))
        {
            if (message.Key is not { IsReminder: true } key || queuedToday.Contains(message.Message.IdempotencyKey))
            {
                kept.Add(message.Message);
                continue;
            }

            var count = sent.GetValueOrDefault(key.Member);
            if (count < maxPerDay)
            {
                sent[key.Member] = count + 1;
                kept.Add(message.Message);
            }
        }

        return kept;
    }

    private static (string Kind, long Round, long Member, bool IsReminder)? Parse(string idempotencyKey)
    {
        var parts = idempotencyKey.Split(':');
        if (parts.Length != 5 || parts[0] != "reminder")
        {
            return null;
        }

        // A loan's instalment reminder (reminder:loan-before:<loan>-<instalment>:…) is as pressing as a round's of its kind.
        var loan = parts[1].StartsWith(LoanPrefix, StringComparison.Ordinal);
        var kind = loan ? parts[1][LoanPrefix.Length..] : parts[1];
        var subject = loan ? parts[2].Split('-')[0] : parts[2];
        return long.TryParse(subject, NumberStyles.None, CultureInfo.InvariantCulture, out var round)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var member)
            ? (kind, round, member, Pressing.Contains(kind))
            : null;
    }
}
