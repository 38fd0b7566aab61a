using Chama.Conversations.Commands.Decisions;
using Chama.Core;
using Chama.Data.Swaps;

namespace Chama.Conversations.Commands.Swaps;

/// <summary>An officer decides on a swap held for the officers over arrears: <c>APPROVE S5</c> or <c>REJECT S5 &lt;reason&gt;</c>.</summary>
public sealed class SwapDecision : IDecisionHandler
{
    public char Letter => 'S';

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return SwapRefusal.Reply(context, new SwapResult(SwapOutcome.NotHeld), 0, id, "no_reason");
        }

        var result = await context.Services.Swaps.DecideAsync(
            context.Member,
            id,
            decision,
            reason?.Trim(),
            context.Inbound.ChannelName,
            decided => SwapNotices.Decided(context.Services.Texts, context.Chama.Name, context.Member, decided, reason));
        if (result.Outcome is not (SwapOutcome.ApprovalRecorded or SwapOutcome.Accepted or SwapOutcome.Rejected))
        {
            return SwapRefusal.Reply(context, result, 0, id);
        }

        var (swap, requester, counterpart, requesterWas, counterpartWas) = (result.Swap!, result.Requester!, result.Counterpart!, result.RequesterRound!, result.CounterpartRound!);
        return FlowReply.Finished(context.Say("swap_decided", new
        {
            id = swap.Id,
            state = result.Outcome switch { SwapOutcome.Accepted => "exchanged", SwapOutcome.Rejected => "rejected", _ => "recorded" },
            approvals = result.Quorum.Approvals,
            required = result.Quorum.Required,
            reason = reason?.Trim() ?? "",
            requester = requester.Name,
            requester_round = counterpartWas.Number,
            counterpart = counterpart.Name,
            counterpart_round = requesterWas.Number,
        }));
    }
}
