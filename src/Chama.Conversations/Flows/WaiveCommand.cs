using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>WAIVE 7 sick in hospital</c> (<c>SAMEHE 7 …</c>): an officer waives late fine 7, giving a reason; the member is
/// told. Officers only, never their own fine, only a fine still owed, and always with a reason (audited).
/// </summary>
public static class WaiveCommand
{
    public static async Task<FlowReply> RunAsync(FlowContext context, long fineId, string? reason)
    {
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
