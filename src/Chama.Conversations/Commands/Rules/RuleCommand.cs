using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Rules;

/// <summary>
/// <c>RULE FINE 200</c> (<c>KANUNI FAINI 200</c>): an officer proposes a change to the constitution, and the other
/// officers are told; <c>APPROVE R4</c> or <c>REJECT R4 &lt;reason&gt;</c> decides on it (<see cref="RuleDecision"/>). The
/// proposer's approval counts as one; when the constitution's quorum of officers approves, the change is a new constitution
/// version. <c>RULE</c> with a rule or value not understood is still this command, answered with its usage.
/// </summary>
public sealed class RuleCommand : ChatCommand<RuleCommand.Arguments>
{
    /// <summary>The change, or null when the rule or its value was not understood.</summary>
    public sealed record Arguments(RuleChange? Change);

    public override string Name => "rule";

    /// <summary><c>KANUNI</c> alone is <see cref="RulesCommand"/>'s; <c>RULE</c> alone asks for the usage.</summary>
    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("RULE", Language.En, Takes.Either),
        new("KANUNI", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var words = text.Words;
        arguments = new Arguments(words.Count == 3 && !words[2].Contains(' ', StringComparison.Ordinal) ? RuleChange.TryParse(words[1], words[2]) : null);
        return true;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var change = arguments.Change;
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

    internal static string RuleText(FlowContext context, Language language, RuleChange change) => Text(context.Services.Texts, language, change, context.Chama.Currency);

    /// <summary>What a change does, in words (<c>the late fine to KES 200</c>), also for the approvals list and the dashboard.</summary>
    public static string Text(MessageTexts texts, Language language, RuleChange change, string currency) =>
        texts.Render(language, "rule_text", new
        {
            rule = change.Rule.ToString().ToLowerInvariant(),
            value = change.FormatValue(currency),
            on = change.Value == 1,
        });

    internal static FlowReply QuorumRefused(FlowContext context, QuorumCheck check) =>
        FlowReply.Finished(context.Say(QuorumText.Key, QuorumText.Model(check)));

    internal static FlowReply Refused(FlowContext context, string reason, string code) =>
        FlowReply.Finished(context.Say("rule_refused", new { reason, code }));
}
