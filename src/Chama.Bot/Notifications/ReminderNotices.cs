using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// The reminders and meeting notices of one round, in each member's language. Keys are
/// <c>reminder:&lt;kind&gt;:&lt;round&gt;:&lt;member&gt;:&lt;date&gt;</c>, so each is queued once per kind, round, member and day.
/// Each also carries its positional variables, for the approved WhatsApp template sent outside the 24-hour window.
/// </summary>
public sealed class ReminderNotices(MessageTexts texts, IOptionsMonitor<ReminderOptions> options)
{
    public IEnumerable<OutboundMessage> For(ChamaGroup chama, RoundSummary summary, ReminderKind kind, DateOnly today) =>
        kind == ReminderKind.Meeting
            ? summary.Members.Where(m => m.Member.Active).Select(m => MeetingNotice(chama, summary, m.Member, today))
            : summary.Members.Where(m => m.Member.Active && m.Status != PaymentStatus.Paid).Select(m => Reminder(chama, summary.Round, m, kind, today));

    private OutboundMessage Reminder(ChamaGroup chama, Round round, MemberRoundStatus owing, ReminderKind kind, DateOnly today)
    {
        var member = owing.Member;
        var template = kind switch
        {
            ReminderKind.Before => "reminder_before",
            ReminderKind.Due => "reminder_due",
            _ => "reminder_overdue",
        };
        string[] values = [member.Name, owing.Remainder.ToString(), chama.Name, round.Number.ToString(CultureInfo.InvariantCulture), Date(round.DueDate)];
        var body = texts.Render(member.Language, template, new
        {
            name = member.Name,
            remainder = values[1],
            chama = chama.Name,
            round = round.Number,
            due_date = values[4],
            mpesa = MpesaReach.Serves(chama.Currency, member.Phone),
        });
        return Message(kind, round, member, today, chama, body, template, values);
    }

    private OutboundMessage MeetingNotice(ChamaGroup chama, RoundSummary summary, Member member, DateOnly today)
    {
        var place = options.CurrentValue.MeetingPlace.Trim();
        string[] values = [member.Name, chama.Name, Date(summary.Round.DueDate), place.Length > 0 ? place : "-", summary.Recipient.Name];
        var body = texts.Render(member.Language, "meeting_notice", new
        {
            name = member.Name,
            chama = chama.Name,
            round = summary.Round.Number,
            date = values[2],
            place,
            recipient = summary.Recipient.Name,
        });
        return Message(ReminderKind.Meeting, summary.Round, member, today, chama, body, "meeting_notice", values);
    }

    private static OutboundMessage Message(ReminderKind kind, Round round, Member member, DateOnly today, ChamaGroup chama, string body, string template, string[] values)
    {
        var key = $"reminder:{kind.ToString().ToLowerInvariant()}:{round.Id}:{member.Id}:{today:yyyy-MM-dd}";
        return new OutboundMessage(key, chama.Id, member.Id, member.Phone, body, template, OutboundMessage.Positional(values));
    }

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
