using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>RULE FINE 200</c> (<c>KANUNI FAINI 200</c>): an officer proposes a change to the constitution, and the other
/// officers are told; <c>APPROVE R4</c> or <c>REJECT R4 &lt;reason&gt;</c> decides on it. The proposer's approval counts
/// as one; when the constitution's quorum of officers approves, the change is a new constitution version.
/// </summary>
public static class RuleCommand
{
    public static async Task<FlowReply> ProposeAsync(FlowContext context, RuleChange? change)
    {
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", "");
        }

        if (change is null)
        {
            return Refused(context, "usage", "");
        }

        RuleOutcome outcome;
        RuleProposal? proposal;
        try
        {
            (outcome, proposal) = await context.Services.Constitutions.ProposeAsync(context.Member, change, context.Inbound.ChannelName);
        }
        catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
        {
            return QuorumRefused(context, check);
        }

        if (proposal is null)
        {
            return Refused(context, outcome == RuleOutcome.NotAnOfficer ? "officer" : "invalid", "");
        }

        if (proposal.IsOpen)
        {
            await TellOfficersAsync(context, proposal);
        }

        return FlowReply.Finished(context.Say("rule_proposed", new
        {
            code = proposal.Code,
            rule = RuleText(context, context.Member.Language, change),
            approvals = proposal.Approvals,
            required = proposal.Required,
            in_force = proposal.IsInForce,
            version = proposal.Version ?? 0,
        }));
    }

    public static async Task<FlowReply> DecideAsync(FlowContext context, long proposalId, Decision decision, string? reason)
    {
        var code = RuleProposal.CodeFor(proposalId);
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", code);
        }

        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Refused(context, "no_reason", code);
        }

        RuleOutcome outcome;
        RuleProposal? proposal;
        try
        {
            (outcome, proposal) = await context.Services.Constitutions.DecideAsync(context.Member, proposalId, decision, reason, context.Inbound.ChannelName);
        }
        catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
        {
            return QuorumRefused(context, check);
        }

        switch (outcome)
        {
            case RuleOutcome.Recorded or RuleOutcome.Rejected or RuleOutcome.InForce when proposal is not null:
                return FlowReply.Finished(context.Say("rule_decided", new
                {
                    code,
                    rule = RuleText(context, context.Member.Language, proposal.Change),
                    rejected = outcome == RuleOutcome.Rejected,
                    reason = reason?.Trim() ?? "",
                    approvals = proposal.Approvals,
                    required = proposal.Required,
                    in_force = proposal.IsInForce,
                    version = proposal.Version ?? 0,
                }));
            default:
                return Refused(context, RefusalReason(outcome), code);
        }
    }

    /// <summary>The <c>rule_refused</c> template's reason for a decision that changed nothing (also shown on the dashboard).</summary>
    public static string RefusalReason(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.AlreadyDecided => "already",
        RuleOutcome.Invalid => "invalid",
        RuleOutcome.NotAnOfficer => "officer",
        _ => "not_open",
    };

    private static async Task TellOfficersAsync(FlowContext context, RuleProposal proposal)
    {
        var officers = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).Where(m => m.IsOfficer && m.Active && m.Id != context.Member.Id);
        foreach (var officer in officers)
        {
            await context.Services.Outbox.EnqueueAsync(new OutboundMessage(
                $"rule-proposed:{proposal.Id}:{officer.Id}", officer.ChamaId, officer.Id, officer.Phone, context.Services.Texts.Render(officer.Language, "rule_proposal_notice", new
                {
                    name = officer.Name,
                    chama = context.Chama.Name,
                    officer = context.Member.Name,
                    code = proposal.Code,
                    rule = RuleText(context, officer.Language, proposal.Change),
                    approvals = proposal.Approvals,
                    required = proposal.Required,
                })));
        }
    }

    private static string RuleText(FlowContext context, Language language, RuleChange change) => Text(context.Services.Texts, language, change, context.Chama.Currency);

    /// <summary>What a change does, in words (<c>the late fine to KES 200</c>), also for the approvals list and the dashboard.</summary>
    public static string Text(MessageTexts texts, Language language, RuleChange change, string currency) =>
        texts.Render(language, "rule_text", new
        {
            rule = change.Rule.ToString().ToLowerInvariant(),
            value = change.FormatValue(currency),
            on = change.Value == 1,
        });

    private static FlowReply QuorumRefused(FlowContext context, QuorumCheck check) =>
        FlowReply.Finished(context.Say(QuorumText.Key, QuorumText.Model(check)));

    private static FlowReply Refused(FlowContext context, string reason, string code) =>
        FlowReply.Finished(context.Say("rule_refused", new { reason, code }));
}
