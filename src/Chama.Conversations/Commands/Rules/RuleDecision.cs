using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Rules;

/// <summary>An officer decides on a proposed change to the constitution: <c>APPROVE R4</c> or <c>REJECT R4 &lt;reason&gt;</c>.</summary>
public sealed class RuleDecision : IDecisionHandler
{
    public char Letter => 'R';

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        var code = RuleProposal.CodeFor(id);
        if (!context.Member.IsOfficer)
        {
            return RuleCommand.Refused(context, "officer", code);
        }

        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return RuleCommand.Refused(context, "no_reason", code);
        }

        RuleOutcome outcome;
        RuleProposal? proposal;
        try
        {
            (outcome, proposal) = await context.Services.Constitutions.DecideAsync(context.Member, id, decision, reason, context.Inbound.ChannelName);
        }
        catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
        {
            // The quorum this change sets could no longer be reached by every payout: nothing is recorded.
            return RuleCommand.QuorumRefused(context, check);
        }

        switch (outcome)
        {
            case RuleOutcome.Recorded or RuleOutcome.Rejected or RuleOutcome.InForce when proposal is not null:
                return FlowReply.Finished(context.Say("rule_decided", new
                {
                    code,
                    rule = RuleCommand.RuleText(context, context.Member.Language, proposal.Change),
                    rejected = outcome == RuleOutcome.Rejected,
                    reason = reason?.Trim() ?? "",
                    approvals = proposal.Approvals,
                    required = proposal.Required,
                    in_force = proposal.IsInForce,
                    version = proposal.Version ?? 0,
                }));
            default:
                return RuleCommand.Refused(context, RuleCommand.RefusalReason(outcome), code);
        }
    }
}
