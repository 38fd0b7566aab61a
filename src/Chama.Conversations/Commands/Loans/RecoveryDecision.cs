using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Loans;

/// <summary>An officer's decision on recovering a defaulted loan from its pledges: <c>APPROVE K5</c> or <c>REJECT K5 &lt;reason&gt;</c>.</summary>
public sealed class RecoveryDecision : IDecisionHandler
{
    public char Letter => DecisionKind.Recovery.Letter();

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Answer(context, VoteOutcome.NoReason, id);
        }

        var result = await context.Services.Recoveries.DecideAsync(
            context.Member, id, decision, reason, context.Inbound.ChannelName, LoanLifeNotices.Recovered(context.Services.Texts, context.Chama.Name));
        return Answer(context, VoteOutcomes.Of(result.Outcome), id, result.Recovery?.Approvals ?? 0, result.Recovery?.Required ?? 0);
    }

    private static FlowReply Answer(FlowContext context, VoteOutcome outcome, long id, int approvals = 0, int required = 0) =>
        FlowReply.Finished(DecisionTexts.Outcome(context.Services.Texts, context.Member.Language, outcome, DecisionKind.Recovery, id, approvals, required, context.IsUssd));
}
