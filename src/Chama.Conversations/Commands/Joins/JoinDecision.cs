using Chama.Conversations.Commands.Decisions;
using Chama.Core;
using Chama.Data.Cycles;

namespace Chama.Conversations.Commands.Joins;

/// <summary>An officer decides on a proposal that a member joins the running cycle: <c>APPROVE J3</c> or <c>REJECT J3 &lt;reason&gt;</c>.</summary>
public sealed class JoinDecision : IDecisionHandler
{
    public char Letter => 'J';

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        var code = JoinProposal.CodeFor(id);
        var result = await context.Services.Joins.DecideAsync(context.Member, id, decision, reason, context.Inbound.ChannelName, JoinCommand.Notices(context));
        return result.Outcome is JoinOutcome.Recorded or JoinOutcome.Joined or JoinOutcome.Rejected
            ? FlowReply.Finished(context.Say("join_decided", JoinNotices.Model(context.Chama.Name, result, context.Member)))
            : JoinCommand.Refused(context, result.Outcome, result.Proposal?.Member.Seat ?? 0, code);
    }
}
