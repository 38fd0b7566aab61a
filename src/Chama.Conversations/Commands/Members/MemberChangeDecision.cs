using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.MemberChanges;

namespace Chama.Conversations.Commands.Members;

/// <summary>
/// An officer's decision on a change of a member's officer roles (<c>O3</c>) or payout phone (<c>N4</c>), proposed on the
/// dashboard: <c>APPROVE N4</c> or <c>REJECT N4 &lt;reason&gt;</c>, answered from the one outcome map.
/// </summary>
public sealed class MemberChangeDecision(DecisionKind kind) : IDecisionHandler
{
    public char Letter { get; } = kind.Letter();

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Answer(context, VoteOutcome.NoReason, id);
        }

        MemberChangeResult result;
        try
        {
            result = await context.Services.MemberChanges.DecideAsync(
                context.Member, kind, id, decision, reason, context.Inbound.ChannelName, r => MemberChangeNotices.For(context.Services.Texts, context.Chama, r));
        }
        catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
        {
            // Taking this role away would leave some payout without enough officers to approve it: nothing is recorded.
            return FlowReply.Finished(context.Say(QuorumText.Key, QuorumText.Model(check)));
        }

        return Answer(context, VoteOutcomes.Of(result.Outcome), id, result.Change?.Approvals ?? 0, result.Change?.Required ?? 0);
    }

    private FlowReply Answer(FlowContext context, VoteOutcome outcome, long id, int approvals = 0, int required = 0) =>
        FlowReply.Finished(DecisionTexts.Outcome(context.Services.Texts, context.Member.Language, outcome, kind, id, approvals, required, context.IsUssd));
}
