using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Payments;

/// <summary>An officer's decision on what the M-Pesa statement shows for an unconfirmed payout: <c>APPROVE U3</c> or <c>REJECT U3 &lt;reason&gt;</c>.</summary>
public sealed class StatementDecision : IDecisionHandler
{
    public char Letter => DecisionKind.Statement.Letter();

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Answer(context, VoteOutcome.NoReason, id);
        }

        var result = await context.Services.PayoutStatements.DecideAsync(context.Member, id, decision, reason, context.Inbound.ChannelName, context.Services.Notices.ForPayout);
        return Answer(context, VoteOutcomes.Of(result.Outcome), id, result.Statement?.Approvals ?? 0, result.Statement?.Required ?? 0);
    }

    private static FlowReply Answer(FlowContext context, VoteOutcome outcome, long id, int approvals = 0, int required = 0) =>
        FlowReply.Finished(DecisionTexts.Outcome(context.Services.Texts, context.Member.Language, outcome, DecisionKind.Statement, id, approvals, required, context.IsUssd));
}
