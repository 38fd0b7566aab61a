using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Recording;

/// <summary>An officer's decision on reversing a recorded payment: <c>APPROVE C4</c> or <c>REJECT C4 &lt;reason&gt;</c>.</summary>
public sealed class CorrectionDecision : IDecisionHandler
{
    public char Letter => DecisionKind.Correction.Letter();

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Answer(context, VoteOutcome.NoReason, id);
        }

        var result = await context.Services.Corrections.DecideAsync(
            context.Member, id, decision, reason, context.Inbound.ChannelName, RecordingNotices.Reversed(context.Services.Texts, context.Chama.Name));
        return Answer(context, VoteOutcomes.Of(result.Outcome), id, result.Correction?.Approvals ?? 0, result.Correction?.Required ?? 0);
    }

    private static FlowReply Answer(FlowContext context, VoteOutcome outcome, long id, int approvals = 0, int required = 0) =>
        FlowReply.Finished(DecisionTexts.Outcome(context.Services.Texts, context.Member.Language, outcome, DecisionKind.Correction, id, approvals, required, context.IsUssd));
}
