using System.Globalization;
using Chama.Core;
using Chama.Data.MemberChanges;
using Chama.Data.Outbox;

namespace Chama.Conversations.Texts;

/// <summary>
/// Who hears of a change to a door to the money, from the chat and the dashboard alike: when proposed, the member and
/// every officer but the proposer (the officers are asked to decide); when made, the member (a new payout phone on the
/// old phone and the new one) and the officers; when rejected, the member and the officers.
/// </summary>
public static class MemberChangeNotices
{
    public static IEnumerable<OutboundMessage> For(MessageTexts texts, ChamaGroup chama, MemberChangeResult result)
    {
        if (result.Change is not { } change || result.Officer is not { } officer)
        {
            return [];
        }

        var (template, @event) = result.Outcome switch
        {
            MemberChangeOutcome.Made => ("member_change_made", "made"),
            MemberChangeOutcome.Rejected => ("member_change_rejected", "rejected"),
            MemberChangeOutcome.Recorded when change.Decisions.Count <= 1 && change.ProposerMemberId == officer.Id => ("member_change_proposed", "proposed"),
            _ => (null, null),
        };
        if (template is null)
        {
            return [];
        }

        var told = new List<(Member Person, PhoneNumber Phone)> { (change.Member, change.Member.Phone) };
        if (change.Kind == DecisionKind.PayoutPhone && result.Outcome == MemberChangeOutcome.Made)
        {
            told.Add((change.Member, change.ReceivePhone!));
        }

        told.AddRange(result.Officers.Where(o => o.Id != officer.Id && o.Id != change.Member.Id).Select(o => (o, o.Phone)));
        var from = change.MadeAt is { } made ? PayoutPhoneDelay.ReceivesFrom(made, chama.Constitution) : (DateTimeOffset?)null;
        return told.DistinctBy(t => t.Phone).Select(to => new OutboundMessage(
            $"member-change:{change.Code}:{@event}:{to.Person.Id}:{to.Phone.E164}",
            change.ChamaId,
            to.Person.Id,
            to.Phone,
            texts.Render(to.Person.Language, template, new
            {
                chama = chama.Name,
                officer = officer.Name,
                kind = change.Kind.Key(),
                code = change.Code,
                name = change.Member.Name,
                roles = Roles(change.Roles ?? change.Member.Roles),
                phone = (change.ReceivePhone ?? change.Member.ReceivePhone).E164,
                required = change.Required,
                hours = chama.Constitution.PayoutPhoneDelayHours,
                from = from?.ToOffset(NairobiTime.Offset).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) ?? "",
                reason = result.Reason ?? "",
                voter = to.Person.IsOfficer && to.Person.Id != change.Member.Id,
            })));
    }

    /// <summary>Roles as the messages name them: <c>treasurer, chair</c>, or <c>member</c>.</summary>
    public static string Roles(MemberRoles roles) =>
        roles == MemberRoles.Member ? "member" : string.Join(", ", Enum.GetValues<MemberRoles>().Where(r => r != MemberRoles.Member && roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant()));
}
