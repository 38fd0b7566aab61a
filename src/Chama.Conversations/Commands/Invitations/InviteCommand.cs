using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Core.Invitations;

namespace Chama.Conversations.Commands.Invitations;

/// <summary>
/// <c>INVITE 0722000002 2 TREASURER</c> (<c>ALIKA …</c>): an officer invites a phone to a seat, with an officer role
/// (the chair alone, before the first cycle) or none, and optionally the invitee's name after it
/// (<c>INVITE 0722000002 5 Esther Njeri</c>). The invitee is messaged once, in the language of the word the officer
/// wrote (<c>ALIKA</c> invites in Swahili), and joins only by answering. A retried message invites once.
/// </summary>
public sealed class InviteCommand : ChatCommand<InviteCommand.Arguments>
{
    /// <summary>The invitation asked for, or null when the message is not understood (the usage is shown).</summary>
    public sealed record Arguments(InvitationRequest? Request);

    public override string Name => "invite";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("INVITE", Language.En, Takes.Either),
        new("ALIKA", Language.Sw, Takes.Either),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var language = text.Words[0].Equals("ALIKA", StringComparison.OrdinalIgnoreCase) ? Language.Sw : Language.En;
        arguments = new Arguments(Read(text, language));
        return true;
    }

    /// <summary><c>&lt;phone&gt; &lt;seat&gt; [role] [name]</c>, the phone as typed (checked when invited).</summary>
    private static InvitationRequest? Read(CommandText text, Language language)
    {
        if (text.Words.Count < 3)
        {
            return null;
        }

        var rest = text.Rest!.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (!CommandText.Of(rest[0]).TrySeat(0, out var seat))
        {
            return null;
        }

        var roles = MemberRoles.Member;
        var nameFrom = 1;
        if (rest.Length > 1 && RoleWords.TryRead(rest[1], out var role))
        {
            roles = role;
            nameFrom = 2;
        }

        var name = string.Join(' ', rest.Skip(nameFrom));
        return new InvitationRequest(text.Words[1], seat, roles, name.Length > 0 ? name : null, language);
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        if (!context.Member.IsOfficer)
        {
            return Refused(context, ChamaError.NotAnOfficer, 0);
        }

        if (arguments.Request is not { } request)
        {
            return FlowReply.Finished(context.Say("invite_refused", new { reason = "usage", seat = 0 }));
        }

        try
        {
            var result = await context.Services.Invitations.InviteAsync(
                context.Member, request, context.StepKey("invite"), context.Inbound.ChannelName, made => InvitationNotices.ToInvitee(context.Services.Texts, made));
            return FlowReply.Finished(context.Say("invite_sent", InvitationNotices.Model(result.Invitation, result.Chama, result.Inviter.Name)));
        }
        catch (ChamaException refused)
        {
            return Refused(context, refused.Error, request.Seat);
        }
    }

    private static FlowReply Refused(FlowContext context, ChamaError error, int seat) =>
        FlowReply.Finished(context.Say("invite_refused", new { reason = RefusalReason(error), seat }));

    /// <summary>The <c>invite_refused</c> template's reason for a refusal (also shown on the dashboard).</summary>
    public static string RefusalReason(ChamaError error) => error switch
    {
        ChamaError.NotAnOfficer or ChamaError.UnknownMember => "officer",
        ChamaError.OnlyChairNamesOfficers => "chair",
        ChamaError.OfficersMustDecide => "cycle_started",
        ChamaError.PhoneAlreadyMember => "member",
        ChamaError.SeatTaken => "seat_taken",
        ChamaError.SeatInvited => "seat_invited",
        ChamaError.AlreadyInvited => "invited",
        ChamaError.InvalidPhone => "phone",
        ChamaError.ChamaAwaitsApproval => "awaiting",
        ChamaError.InvalidSeat => "usage",
        ChamaError.InvalidChama => "name",
        _ => "usage",
    };
}
