using Chama.Conversations.Phones;

namespace Chama.Conversations.Commands.Invitations;

/// <summary>
/// On USSD, a phone with an invitation waiting for its answer (a stranger, or a member of another chama) is shown it
/// when it dials, as a numbered screen: <c>1</c> accepts, <c>2</c> declines; a member may press <c>0</c> for their own
/// menu. Several invitations are shown one at a time, oldest first. Nothing is kept between the hops: the screen is the
/// first of the session, so the session's whole input (<c>1</c>, <c>2</c>) is the answer to it: a stranger has no other
/// screen, and a member's session remembers that it showed this one (an invitation sent while a member was already on
/// their menu does not turn their <c>1</c>, pay, into an acceptance). The answer is kept
/// under the step's key: the gateway's retry of the step finds the invitation it answered and is answered the same.
/// </summary>
public sealed class InvitationUssdFlow : IPhoneFlow
{
    public const string Name = "invitation";

    /// <summary>Names cut to fit the screen with its choices in 160 characters, whatever their length (a chama's name may have 80).</summary>
    private static string Short(string name, int max) => name.Length <= max ? name : name[..(max - 1)].TrimEnd() + ".";

    public async Task<FlowReply?> TryAnswerAsync(PhoneContext context, string input)
    {
        var path = context.Inbound.Text.Trim();
        if (!context.IsUssd || path.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        var onOwnMenu = context.IsMember && path.Length > 0 && context.Session.Flow != Name;
        if (onOwnMenu && context.Session.Stored.LastInput is not null)
        {
            // A member whose session went on from another screen: their own menu, with nothing looked up. Had this very
            // step answered an invitation, the session would have kept that answer and the engine given it back.
            return null;
        }

        var invitations = context.Services.Invitations;
        var answerKey = context.StepKey("invitation");
        // Only 1 and 2 answer an invitation: no other step has an answer kept under its key.
        var answered = path is "1" or "2" ? await invitations.FindAnsweredAsync(answerKey) : null;
        if (answered is null && onOwnMenu)
        {
            // A member past their first screen, and not on this one: their own menu (no invitation is looked up).
            return null;
        }

        var first = answered ?? (await invitations.FindOpenAsync(context.Phone)).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        context.Session.Leave();
        var said = context.In(first.Invitation.Language);
        switch (path)
        {
            case "1":
                return AnswerInvitationCommand.Reply(
                    said,
                    await invitations.AcceptAsync(context.Phone, first.Chama.Code, context.Inbound.ChannelName, notices: AnswerInvitationCommand.Notices(context), answerKey: answerKey),
                    accept: true,
                    first.Chama.Code);
            case "2":
                return AnswerInvitationCommand.Reply(
                    said,
                    await invitations.DeclineAsync(context.Phone, first.Chama.Code, context.Inbound.ChannelName, AnswerInvitationCommand.Notices(context), answerKey),
                    accept: false,
                    first.Chama.Code);
            case "":
                context.Session.Enter(Name);
                return FlowReply.Continue(said.Say("invitation_ussd", new
                {
                    chama = Short(first.Chama.Name, 30),
                    inviter = Short(first.InvitedBy, 20),
                    seat = first.Invitation.Seat,
                    role = RoleWords.Key(first.Invitation.Roles),
                    amount = first.Chama.Constitution.ContributionAmount.ToString(),
                    frequency = first.Chama.Constitution.Frequency.ToString().ToLowerInvariant(),
                    member = context.IsMember,
                }));
            default:
                // Another key: a member goes on to their own menu; a stranger has nothing else here.
                return context.IsMember ? null : FlowReply.Continue(said.Say("invitation_ussd_keys"));
        }
    }
}
