using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Bot.Dashboard;

/// <summary>
/// One officer can correct a plain member's contact phone on the dashboard (roles and payout phones go to the officers'
/// quorum instead): the change is told at once to the member, on the old phone as well as the new, and to every other
/// officer.
/// </summary>
public static class MemberDetailNotices
{
    public const string Template = "member_details_changed";

    public static IEnumerable<OutboundMessage> For(
        MessageTexts texts, string chamaName, Member officer, Member before, Member after, IReadOnlyList<Member> officers, DateTimeOffset at)
    {
        var changes = Changes(before, after);
        if (changes.Count == 0)
        {
            return [];
        }

        var told = new List<(Member Person, PhoneNumber Phone)> { (after, before.Phone) };
        if (after.Phone != before.Phone)
        {
            told.Add((after, after.Phone));
        }

        told.AddRange(officers.Where(o => o.Id != officer.Id && o.Id != after.Id).Select(o => (o, o.Phone)));
        return told.Select(to => new OutboundMessage(
            $"member-changed:{after.Id}:{at.ToUnixTimeMilliseconds()}:{to.Person.Id}:{to.Phone.E164}",
            after.ChamaId,
            to.Person.Id,
            to.Phone,
            texts.Render(to.Person.Language, Template, new { chama = chamaName, officer = officer.Name, name = after.Name, changes = string.Join(", ", changes) })));
    }

    private static List<string> Changes(Member before, Member after) => before.Phone != after.Phone ? ["phone"] : [];
}
