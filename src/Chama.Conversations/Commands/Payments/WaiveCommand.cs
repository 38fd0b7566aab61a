using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Payments;

/// <summary>
/// <c>WAIVE 7 sick in hospital</c> (<c>SAMEHE 7 …</c>): an officer waives late fine 7, giving a reason; the member is
/// told. Officers only, never their own fine, only a fine still owed, and always with a reason (audited).
/// </summary>
public sealed class WaiveCommand : ChatCommand<WaiveCommand.Arguments>
{
    /// <summary>The fine to waive, and the reason when given.</summary>
    public sealed record Arguments(long FineId, string? Reason);

    public override string Name => "waive";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("WAIVE", Language.En, Takes.Arguments),
        new("SAMEHE", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = text.TryNumber(1, out var fineId) ? new Arguments(fineId, text.Rest) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var (fineId, reason) = arguments;
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", fineId);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refused(context, "no_reason", fineId);
        }

        try
        {
            var validReason = reason.Trim();
            var (fine, member) = await context.Services.Fines.WaiveAsync(context.Member, fineId, reason, context.Inbound.ChannelName, waived => [Notice(context, waived, validReason)]);
            return FlowReply.Finished(context.Say("fine_waived", new { id = fine.Id, amount = fine.Amount.ToString(), name = member.Name, reason = validReason }));
        }
        catch (ChamaException refused)
        {
            return Refused(context, refused.Error switch
            {
                ChamaError.NotAnOfficer => "officer",
                ChamaError.OwnFine => "own",
                ChamaError.FineSettled => "settled",
                ChamaError.InvalidChama => "no_reason",
                _ => "unknown",
            }, fineId);
        }
    }

    private static OutboundMessage Notice(FlowContext context, WaivedFine waived, string reason)
    {
        var (fine, member) = waived;
        return new OutboundMessage(
            $"fine-waived:{fine.Id}", member.ChamaId, member.Id, member.Phone, context.Services.Texts.Render(member.Language, "fine_waived_notice", new
            {
                name = member.Name,
                chama = context.Chama.Name,
                id = fine.Id,
                amount = fine.Amount.ToString(),
                officer = context.Member.Name,
                reason,
            }));
    }

    private static FlowReply Refused(FlowContext context, string reason, long fineId) =>
        FlowReply.Finished(context.Say("fine_waive_refused", new { reason, id = fineId }));
}
