using System.Globalization;
using Chama.Core;
using Chama.Data.Cycles;
using Chama.Data.Outbox;

namespace Chama.Conversations.Texts;

/// <summary>What starting a cycle says: the refusal listing what is missing (chat, dashboard, operator), the schedule, and each member's notice.</summary>
public static class CycleTexts
{
    /// <summary>The members' notice, also the key of its approved WhatsApp template (<c>Twilio:ContentSids:cycle_started</c>).</summary>
    public const string StartedTemplate = "cycle_started";

    /// <param name="preview">Shown before anything was tried (a page), rather than as the answer to a start refused.</param>
    public static string NotReady(MessageTexts texts, Language language, CycleReadiness readiness, Func<DateOnly, string> date, bool preview = false) =>
        texts.Render(language, "cycle_not_ready", new
        {
            preview,
            awaiting = readiness.Gaps.Contains(CycleGap.AwaitsApproval),
            too_few = readiness.Gaps.Contains(CycleGap.TooFewMembers),
            no_rotation = readiness.Gaps.Contains(CycleGap.NoRotation),
            members = readiness.Members,
            open_seats = string.Join(", ", readiness.OpenSeats),
            open_count = readiness.OpenSeats.Count,
            quorum = readiness.Gaps.Contains(CycleGap.QuorumUnreachable) ? QuorumText.For(texts, language, readiness.Quorum, listed: true) : "",
            passed = readiness.Gaps.Contains(CycleGap.MeetingPassed),
            too_far = readiness.Gaps.Contains(CycleGap.MeetingTooFar),
            date = date(readiness.StartsOn),
        });

    /// <summary>One line per round: its number, recipient and meeting date.</summary>
    public static string Schedule(IReadOnlyList<Round> rounds, IReadOnlyList<Member> members, Func<DateOnly, string> date)
    {
        var names = members.ToDictionary(m => m.Id, m => m.Name);
        return string.Join('\n', rounds.Select(r => $"{r.Number}. {names.GetValueOrDefault(r.RecipientMemberId, "?")}, {date(r.DueDate)}"));
    }

    /// <summary>Each member's notice of the cycle and their own round, queued with the start itself.</summary>
    public static IEnumerable<OutboundMessage> StartedNotices(MessageTexts texts, CycleStarted started)
    {
        var first = started.Rounds.MinBy(r => r.Number);
        foreach (var member in started.Members)
        {
            if (started.Rounds.FirstOrDefault(r => r.RecipientMemberId == member.Id) is not { } own || first is null)
            {
                continue;
            }

            var values = new
            {
                chama = started.Chama.Name,
                cycle = started.Cycle.Number,
                amount = started.Cycle.Contribution.ToString(),
                frequency = started.Chama.Constitution.Frequency.ToString().ToLowerInvariant(),
                first_date = Date(first.DueDate),
                own_round = own.Number,
                own_date = Date(own.DueDate),
            };
            yield return new OutboundMessage(
                $"cycle-started:{started.Cycle.Id}:{member.Id}", member.ChamaId, member.Id, member.Phone, texts.Render(member.Language, StartedTemplate, values))
            {
                Template = StartedTemplate,
                VariablesJson = OutboundMessage.Positional(
                    member.Name, values.chama, Number(values.cycle), values.amount, values.first_date, Number(values.own_round), values.own_date),
            };
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
