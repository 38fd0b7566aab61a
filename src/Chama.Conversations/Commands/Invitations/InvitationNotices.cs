using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Invitations;
using Chama.Data.Invitations;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Invitations;

/// <summary>
/// The messages of an invitation: the invitee's one message, in the language the inviter chose, queued with the
/// invitation; and the inviter's notice of the answer, queued with the answer.
/// </summary>
public static class InvitationNotices
{
    private const string InvitationTemplate = "invitation";

    /// <summary>
    /// The invitee's message, with the approved WhatsApp template's variables (<c>Twilio:ContentSids:invitation</c>:
    /// chama, inviter, seat, role, contribution, how often, chama code), since an invitee has never written to the bot.
    /// The store gives it its key, <see cref="InvitationStore.MessageKey"/>.
    /// </summary>
    public static OutboundMessage ToInvitee(MessageTexts texts, InvitationResult result)
    {
        var invitation = result.Invitation;
        var chama = result.Chama;
        return new OutboundMessage(
            InvitationStore.MessageKey(invitation.Id),
            chama.Id,
            MemberId: null,
            invitation.Phone,
            texts.Render(invitation.Language, InvitationTemplate, Model(invitation, chama, result.Inviter.Name)),
            InvitationTemplate,
            OutboundMessage.Positional(
                chama.Name, result.Inviter.Name, invitation.Seat.ToString(CultureInfo.InvariantCulture), RoleWords.Key(invitation.Roles),
                chama.Constitution.ContributionAmount.ToString(), chama.Constitution.Frequency.ToString().ToLowerInvariant(), chama.Code));
    }

    /// <summary>The inviter's notice that the invitee accepted or declined (key <c>invitation:&lt;id&gt;:&lt;answer&gt;</c>).</summary>
    public static IEnumerable<OutboundMessage> ToInviter(MessageTexts texts, InvitationAnswer answer)
    {
        if (answer is not { Outcome: AnswerOutcome.Accepted or AnswerOutcome.Declined, Invitation: { } invitation, Chama: { } chama, Inviter: { Active: true } inviter })
        {
            yield break;
        }

        var status = answer.Outcome == AnswerOutcome.Accepted ? "accepted" : "declined";
        yield return new OutboundMessage(
            $"invitation:{invitation.Id}:{status}",
            chama.Id,
            inviter.Id,
            inviter.Phone,
            texts.Render(inviter.Language, "invitation_answered_notice", new
            {
                name = inviter.Name,
                chama = chama.Name,
                seat = invitation.Seat,
                phone = invitation.Phone.Masked,
                member = answer.Member?.Name ?? invitation.MemberName,
                role = RoleWords.Key(invitation.Roles),
                status,
                role_deferred = answer.RoleDeferred,
            }));
    }

    /// <summary>What every invitation template may show.</summary>
    public static object Model(Invitation invitation, ChamaGroup chama, string inviter) => new
    {
        chama = chama.Name,
        code = chama.Code,
        inviter,
        seat = invitation.Seat,
        phone = invitation.Phone.Masked,
        role = RoleWords.Key(invitation.Roles),
        amount = chama.Constitution.ContributionAmount.ToString(),
        frequency = chama.Constitution.Frequency.ToString().ToLowerInvariant(),
        lapses = Date(DateOnly.FromDateTime(invitation.LapsesAt.ToOffset(NairobiTime.Offset).DateTime)),
    };

    /// <summary>How the officers' lists name an invitation's state: one still pending past its lifetime has lapsed.</summary>
    public static string StatusKey(Invitation invitation, DateTimeOffset now) =>
        invitation.Status == InvitationStatus.Pending && !invitation.IsOpenAt(now) ? "lapsed" : invitation.Status.ToString().ToLowerInvariant();

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
