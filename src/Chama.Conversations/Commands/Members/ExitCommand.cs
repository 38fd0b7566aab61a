using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Members;

/// <summary>
/// <c>EXIT 4 moved to Mombasa</c> (<c>ONDOA 4 …</c>): an officer records that the member on seat 4 leaves the chama,
/// giving a reason (audited). The member is told what the exit rule made of their money: a refund owed to them (paid
/// from the pot of the round that was to be theirs, once officers approve it) or what they still owe after receiving the pot.
/// </summary>
public sealed class ExitCommand : ChatCommand<ExitCommand.Arguments>
{
    /// <summary>The seat of the member leaving, and the reason when given.</summary>
    public sealed record Arguments(int Seat, string? Reason);

    public override string Name => "exit";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("EXIT", Language.En, Takes.Arguments),
        new("ONDOA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = text.TrySeat(1, out var seat) ? new Arguments(seat, text.Rest) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var (seat, reason) = arguments;
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", seat);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refused(context, "no_reason", seat);
        }

        try
        {
            var exit = await context.Services.Exits.RecordAsync(
                context.Member, seat, reason, context.Inbound.ChannelName, recorded => [NoticeFor(context.Services.Texts, recorded, context.Chama.Name)]);
            var member = exit.Member;
            var terms = exit.Terms;
            return FlowReply.Finished(context.Say("member_exit_recorded", new
            {
                name = member.Name,
                seat,
                reason = exit.Reason,
                received = terms.ReceivedPot,
                round = terms.FromRound ?? 0,
                paid = terms.Paid.ToString(),
                deduction = terms.DeductionPercent,
                refund = terms.Refund.ToString(),
                refund_round = terms.RefundRound ?? 0,
                outstanding = terms.Outstanding.ToString(),
            }));
        }
        catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
        {
            return FlowReply.Finished(context.Say(Texts.QuorumText.Key, Texts.QuorumText.Model(check)));
        }
        catch (ChamaException refused)
        {
            return Refused(context, refused.Error switch
            {
                ChamaError.NotAnOfficer => "officer",
                ChamaError.OwnExit => "own",
                ChamaError.PotBeingApproved => "approving",
                ChamaError.InvalidChama => "no_reason",
                _ => "unknown",
            }, seat);
        }
    }

    /// <summary>The message telling the member who leaves what the exit rule made of their money (also sent when the exit is recorded on the dashboard).</summary>
    public static OutboundMessage NoticeFor(Texts.MessageTexts texts, MemberExit exit, string chamaName)
    {
        var member = exit.Member;
        var terms = exit.Terms;
        return new OutboundMessage(
            $"member-exit:{exit.Id}", member.ChamaId, member.Id, member.Phone, texts.Render(member.Language, "member_exit_notice", new
            {
                name = member.Name,
                chama = chamaName,
                officer = exit.Officer.Name,
                reason = exit.Reason,
                received = terms.ReceivedPot,
                paid = terms.Paid.ToString(),
                deduction = terms.DeductionPercent,
                refund = terms.Refund.ToString(),
                refund_round = terms.RefundRound ?? 0,
                outstanding = terms.Outstanding.ToString(),
            }));
    }

    private static FlowReply Refused(FlowContext context, string reason, int seat) =>
        FlowReply.Finished(context.Say("member_exit_refused", new { reason, seat }));
}
