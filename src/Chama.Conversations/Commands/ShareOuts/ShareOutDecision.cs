using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.ShareOuts;

/// <summary>An officer's decision on a proposed share-out: <c>APPROVE Y2</c> or <c>REJECT Y2 &lt;reason&gt;</c>.</summary>
public sealed class ShareOutDecision : IDecisionHandler
{
    public char Letter => DecisionKind.ShareOut.Letter();

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Answer(context, VoteOutcome.NoReason, id);
        }

        var result = await context.Services.ShareOuts.DecideAsync(
            context.Member, id, decision, reason, context.Inbound.ChannelName, ShareOutTexts.Approved(context.Services.Texts, context.Chama.Name));
        return Answer(context, VoteOutcomes.Of(result.Outcome), id, result.ShareOut?.Approvals ?? 0, result.ShareOut?.Required ?? 0);
    }

    private static FlowReply Answer(FlowContext context, VoteOutcome outcome, long id, int approvals = 0, int required = 0) =>
        FlowReply.Finished(DecisionTexts.Outcome(context.Services.Texts, context.Member.Language, outcome, DecisionKind.ShareOut, id, approvals, required, context.IsUssd));
}
