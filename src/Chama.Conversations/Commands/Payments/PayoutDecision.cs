using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Commands.Payments;

/// <summary>
/// An officer's decision on a full pot (<c>P3</c>) or a welfare request (<c>W7</c>) waiting to be paid out. Dual control
/// and the audit trail are the approval store's.
/// </summary>
public sealed class PayoutDecision(ApprovalKind kind) : IDecisionHandler
{
    public char Letter { get; } = kind == ApprovalKind.Welfare ? 'W' : 'P';

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        var code = $"{Letter}{id}";
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("approvals_not_officer"));
        }

        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            // The first line of the reason prompt says what is missing; the rest belongs to the approvals flow's screen.
            return FlowReply.Finished(context.Say("approval_reason", new { code }).Split('\n')[0]);
        }

        var (outcome, after) = await context.Services.Approvals.DecideAsync(context.Member, kind, id, decision, reason, context.Inbound.ChannelName);

        // A welfare request the fund can no longer pay is closed, and its requester and the officers are told.
        if (outcome == DecisionOutcome.CannotPay && kind == ApprovalKind.Welfare
            && await context.Services.Welfare.CloseUnpayableAsync(
                context.Member, id, context.Inbound.ChannelName, (closure, officers) => WelfareFlow.ClosedNotices(context.Services.Texts, closure, officers)) is { } closed)
        {
            return FlowReply.Finished(WelfareFlow.ClosedText(context.Services.Texts, context.Member.Language, closed, requester: false, context.IsUssd));
        }

        // A payout M-Pesa cannot send (another currency, a payout phone abroad) is paid by hand once approved.
        var byHand = after is { IsApproved: true }
            && (await context.Services.Payouts.ListForSubjectAsync(kind, id)).LastOrDefault() is { } payout
            && !MpesaReach.Serves(payout.Amount.Currency, payout.ReceivePhone);
        return FlowReply.Finished(outcome switch
        {
            DecisionOutcome.Recorded when decision == Decision.Approve => context.Say("approval_recorded", new
            {
                code,
                approvals = after!.Approvals,
                required = after.Required,
                complete = after.IsApproved,
                payout = after.Subject.Amount.IsPositive,
                by_hand = byHand,
                cooling = kind == ApprovalKind.Welfare ? context.Chama.Constitution.WelfareCoolingOffHours : 0,
            }),
            DecisionOutcome.Recorded => context.Say("rejection_recorded", new { code, reason }),
            DecisionOutcome.NotAnOfficer => context.Say("approvals_not_officer"),
            DecisionOutcome.OwnPayout => context.Say("approval_own", new { code }),
            DecisionOutcome.AlreadyDecided => context.Say("approval_already", new { code }),
            DecisionOutcome.CannotPay => context.Say("approval_cannot_pay", new
            {
                code, mpesa = MpesaReach.Serves(context.Chama.Currency), min = Disbursement.Minimum.ToString(), max = Disbursement.Maximum.ToString(),
            }),
            _ => context.Say("approval_not_open", new { code }),
        });
    }
}
