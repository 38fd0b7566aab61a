using Chama.Core;
using Chama.Core.Invitations;

namespace Chama.Conversations.Commands.Invitations;

/// <summary><c>INVITES</c> (<c>MIALIKO</c>): an officer sees the chama's invitations, newest first: who, which seat, and whether they accepted.</summary>
public sealed class InvitationsCommand : PlainCommand
{
    private const int Shown = 8;

    public override string Name => "invitations";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("INVITES", Language.En), new("MIALIKO", Language.Sw)];

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("invite_refused", new { reason = "officer", seat = 0 }));
        }

        var listed = await context.Services.Invitations.ListAsync(context.Chama.Id);
        var now = context.Services.Clock.GetUtcNow();
        return FlowReply.Finished(context.Say("invitations_list", new
        {
            count = listed.Count,
            items = listed.Take(Shown).Select(l => new
            {
                seat = l.Invitation.Seat,
                phone = l.Invitation.Phone.Masked,
                name = l.MemberName ?? l.Invitation.Name ?? "",
                role = RoleWords.Key(l.Invitation.Roles),
                status = InvitationNotices.StatusKey(l.Invitation, now),
            }),
            more = Math.Max(0, listed.Count - Shown),
        }));
    }
}
