using Chama.Core;
using Chama.Data.Cycles;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>JOIN 5</c> (<c>JIUNGA 5</c>): an officer proposes that the member on seat 5, who has no round in the running
/// cycle, joins it now instead of from the next cycle; <c>APPROVE J3</c> or <c>REJECT J3 &lt;reason&gt;</c> decides.
/// As with rule changes the proposer's approval counts as one; the member joins when the constitution's quorum of
/// officers approves (Rule 5), never by their own vote.
/// </summary>
public static class JoinCommand
{
    public static async Task<FlowReply> ProposeAsync(FlowContext context, int? seat)
    {
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", seat ?? 0, "");
        }

        if (seat is not { } joining)
        {
            return Refused(context, "usage", 0, "");
        }

        var result = await context.Services.Joins.ProposeAsync(context.Member, joining, context.Inbound.ChannelName, Notices(context));
        return result.Outcome is JoinOutcome.Recorded or JoinOutcome.Joined
            ? FlowReply.Finished(context.Say("join_proposed", JoinNotices.Model(context.Chama.Name, result, context.Member)))
            : Refused(context, result.Outcome, joining, result.Proposal?.Code ?? "");
    }

    public static async Task<FlowReply> DecideAsync(FlowContext context, long proposalId, Decision decision, string? reason)
    {
        var code = JoinProposal.CodeFor(proposalId);
        var result = await context.Services.Joins.DecideAsync(context.Member, proposalId, decision, reason, context.Inbound.ChannelName, Notices(context));
        return result.Outcome is JoinOutcome.Recorded or JoinOutcome.Joined or JoinOutcome.Rejected
            ? FlowReply.Finished(context.Say("join_decided", JoinNotices.Model(context.Chama.Name, result, context.Member)))
            : Refused(context, result.Outcome, result.Proposal?.Member.Seat ?? 0, code);
    }

    private static Func<JoinResult, IEnumerable<Data.Outbox.OutboundMessage>> Notices(FlowContext context) =>
        result => JoinNotices.For(context.Services.Texts, context.Chama.Name, result);

    private static FlowReply Refused(FlowContext context, JoinOutcome outcome, int seat, string code) => Refused(context, RefusalReason(outcome), seat, code);

    /// <summary>The <c>join_refused</c> template's reason for an outcome that changed nothing (also shown on the dashboard).</summary>
    public static string RefusalReason(JoinOutcome outcome) => outcome switch
    {
        JoinOutcome.NotAnOfficer => "officer",
        JoinOutcome.NoRunningCycle => "no_cycle",
        JoinOutcome.UnknownMember => "unknown",
        JoinOutcome.AlreadyInRotation => "in_rotation",
        JoinOutcome.AlreadyProposed => "proposed",
        JoinOutcome.NoRoundLeft => "no_round",
        JoinOutcome.OwnJoin => "own",
        JoinOutcome.NoReason => "no_reason",
        JoinOutcome.AlreadyDecided => "already",
        _ => "not_open",
    };

    private static FlowReply Refused(FlowContext context, string reason, int seat, string code) =>
        FlowReply.Finished(context.Say("join_refused", new { reason, seat, code }));
}
