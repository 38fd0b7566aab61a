using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Payments;

/// <summary>
/// <c>CANCEL W7 family resolved it</c> (<c>SITISHA W7 …</c>): any officer stops an approved welfare payout during the
/// constitution's cooling-off, giving a reason. It is recorded as failed, never sent, and the requester is told.
/// </summary>
public sealed class CancelPayoutCommand : ChatCommand<CancelPayoutCommand.Arguments>
{
    /// <summary>The welfare payout's code (<c>W7</c>), and the reason when given. A pot's payout is never cancelled by reply.</summary>
    public sealed record Arguments(string Code, string? Reason);

    public override string Name => "cancel-payout";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("CANCEL", Language.En, Takes.Arguments),
        new("SITISHA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = ApprovalSubject.TryParseCode(text.Words[1], out var kind, out _) && kind == ApprovalKind.Welfare
            ? new Arguments(text.Words[1].ToUpperInvariant(), text.Rest)
            : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var (code, reason) = arguments;
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", code);
        }

        if (string.IsNullOrWhiteSpace(reason) || !ApprovalSubject.TryParseCode(code, out _, out var requestId))
        {
            return Refused(context, "no_reason", code);
        }

        var validReason = reason.Trim();
        Member? requester = null;
        var payout = await context.Services.Payouts.CancelWelfareAsync(context.Member, requestId, validReason, context.Inbound.ChannelName, (cancelled, member) =>
        {
            requester = member;
            return [new OutboundMessage(
                $"payout-cancelled:{cancelled.Id}", member.ChamaId, member.Id, member.Phone, context.Services.Texts.Render(member.Language, "payout_cancelled_notice", new
                {
                    name = member.Name,
                    chama = context.Chama.Name,
                    code,
                    amount = cancelled.Amount.ToString(),
                    officer = context.Member.Name,
                    reason = validReason,
                }))];
        });
        if (payout is null)
        {
            return Refused(context, "not_cooling", code);
        }

        return FlowReply.Finished(context.Say("payout_cancelled", new { code, amount = payout.Amount.ToString(), name = requester?.Name ?? "", reason = validReason }));
    }

    private static FlowReply Refused(FlowContext context, string reason, string code) =>
        FlowReply.Finished(context.Say("payout_cancel_refused", new { reason, code }));
}
