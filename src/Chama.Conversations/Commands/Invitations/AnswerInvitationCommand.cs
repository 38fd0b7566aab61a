using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Phones;
using Chama.Core;
using Chama.Data.Invitations;

namespace Chama.Conversations.Commands.Invitations;

/// <summary>
/// <c>JOIN UMOJA</c> / <c>JIUNGE UMOJA</c> accepts, <c>DECLINE UMOJA</c> / <c>KATAA UMOJA</c> declines the invitation
/// of the chama coded UMOJA, from the phone invited: any phone may send it, a stranger or a member of another chama.
/// Accepting makes the phone the member on the invited seat; the reply is in the language of the word written, and so
/// is the new member's language. The same answer again changes nothing and is answered the same.
/// </summary>
public sealed class AnswerInvitationCommand : PhoneCommand<AnswerInvitationCommand.Arguments>
{
    public sealed record Arguments(bool Accept, string Code);

    public override string Name => "answer_invitation";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("JOIN", Language.En, Takes.Arguments),
        new("JIUNGE", Language.Sw, Takes.Arguments),
        new("DECLINE", Language.En, Takes.Arguments),
        new("KATAA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var accept = text.Words[0].ToUpperInvariant() is "JOIN" or "JIUNGE";
        arguments = InvitationCode.TryRead(text, out var code) ? new Arguments(accept, code) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(PhoneContext context, Arguments arguments)
    {
        var invitations = context.Services.Invitations;
        var channel = context.Inbound.ChannelName;
        var answer = arguments.Accept
            ? await invitations.AcceptAsync(context.Phone, arguments.Code, channel, context.Language, Notices(context))
            : await invitations.DeclineAsync(context.Phone, arguments.Code, channel, Notices(context));
        return Reply(context, answer, arguments.Accept, arguments.Code);
    }

    internal static Func<InvitationAnswer, IEnumerable<Data.Outbox.OutboundMessage>> Notices(PhoneContext context) =>
        answer => InvitationNotices.ToInviter(context.Services.Texts, answer);

    /// <summary>The invitee's answer to their reply, on WhatsApp or on USSD.</summary>
    internal static FlowReply Reply(PhoneContext context, InvitationAnswer answer, bool accept, string code)
    {
        // The same answer again is answered as the first time, so a retried message reads the same.
        var outcome = answer.Outcome switch
        {
            AnswerOutcome.Accepted => "accepted",
            AnswerOutcome.Declined => "declined",
            AnswerOutcome.AlreadyAnswered => accept ? "accepted" : "declined",
            AnswerOutcome.AnsweredOtherwise => accept ? "declined_before" : "accepted_before",
            AnswerOutcome.Lapsed => "lapsed",
            _ => "none",
        };
        return FlowReply.Finished(context.Say("invitation_reply", new
        {
            outcome,
            code,
            chama = answer.Chama?.Name ?? code,
            seat = answer.Invitation?.Seat ?? 0,
            role = RoleWords.Key(answer.Member?.Roles ?? MemberRoles.Member),
            role_deferred = answer.RoleDeferred,
        }));
    }
}
