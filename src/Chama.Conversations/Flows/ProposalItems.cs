using System.Globalization;
using Chama.Core;

namespace Chama.Conversations.Flows;

/// <summary>
/// Rule changes (<c>R4</c>) and joins of the running cycle (<c>J3</c>) on the approvals list, after the pots, welfare and
/// swaps: listed while open, shown in full when picked, and decided through <see cref="RuleCommand"/> and
/// <see cref="JoinCommand"/>, so a decision from the list is the one the reply <c>APPROVE R4</c> makes.
/// </summary>
internal static class ProposalItems
{
    /// <summary>
    /// One line of <c>approvals_list</c>. Every line has every variable (the templates are strict); the kind shows by
    /// which of swap, rule or joiner is set, a payout otherwise.
    /// </summary>
    public static object ListItem(
        int number,
        string code,
        int approvals,
        int required,
        bool voted,
        string amount = "",
        string name = "",
        bool swap = false,
        string requester = "",
        int requesterRound = 0,
        string counterpart = "",
        int counterpartRound = 0,
        string arrears = "",
        string rule = "",
        string joiner = "",
        int round = 0,
        string fund = "") => new
        {
            number,
            code,
            swap,
            amount,
            name,
            requester,
            requester_round = requesterRound,
            counterpart,
            counterpart_round = counterpartRound,
            arrears,
            rule,
            joiner,
            round,
            fund,
            approvals,
            required,
            voted,
        };

    /// <summary>The open rule changes, then the open joins, as lines for the list.</summary>
    public static async Task<IReadOnlyList<(string Code, Func<int, object> Item)>> ListAsync(FlowContext context)
    {
        var rules = await context.Services.Constitutions.GetOpenAsync(context.Chama.Id);
        var joins = await context.Services.Joins.GetOpenAsync(context.Chama.Id);
        return rules.Select(r => (r.Code, (Func<int, object>)(number => ListItem(
                number, r.Code, r.Approvals, r.Required, Voted(context, r.Decisions), rule: RuleText(context, r.Change)))))
            .Concat(joins.Select(j => (j.Proposal.Code, (Func<int, object>)(number => ListItem(
                number, j.Proposal.Code, j.Proposal.Approvals, j.Proposal.Required, Voted(context, j.Proposal.Decisions),
                joiner: context.Short(j.Proposal.Member.Name, 12), round: j.FirstRound.Number)))))
            .ToList();
    }

    public static bool IsProposal(string code) => RuleProposal.TryParseCode(code, out _) || JoinProposal.TryParseCode(code, out _);

    /// <summary>A picked rule change or join in full, with 1. Approve 2. Reject 0. Back; finished when it is no longer open.</summary>
    public static async Task<FlowReply> ViewAsync(FlowContext context, string code, string hint)
    {
        var text = RuleProposal.TryParseCode(code, out var ruleId)
            ? await RuleAsync(context, ruleId)
            : JoinProposal.TryParseCode(code, out var joinId) ? await JoinAsync(context, joinId) : null;
        return text is null
            ? FlowReply.Finished(context.Say("approval_not_open", new { code }))
            : FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    public static Task<FlowReply> DecideAsync(FlowContext context, string code, Decision decision, string? reason) =>
        RuleProposal.TryParseCode(code, out var ruleId)
            ? RuleCommand.DecideAsync(context, ruleId, decision, reason)
            : JoinProposal.TryParseCode(code, out var joinId)
                ? JoinCommand.DecideAsync(context, joinId, decision, reason)
                : throw new ArgumentException($"{code} is not a rule change or a join.", nameof(code));

    public static bool Voted(FlowContext context, IEnumerable<OfficerDecision> decisions) => decisions.Any(d => d.OfficerMemberId == context.Member.Id);

    private static async Task<string?> RuleAsync(FlowContext context, long id)
    {
        if ((await context.Services.Constitutions.GetOpenAsync(context.Chama.Id)).FirstOrDefault(r => r.Id == id) is not { } proposal)
        {
            return null;
        }

        return context.Say("approval_rule_item", new
        {
            code = proposal.Code,
            rule = RuleText(context, proposal.Change),
            proposer = context.Short(await NameAsync(context, proposal.ProposerMemberId), 12),
            approvals = proposal.Approvals,
            required = proposal.Required,
            voted = Voted(context, proposal.Decisions),
        });
    }

    private static async Task<string?> JoinAsync(FlowContext context, long id)
    {
        if ((await context.Services.Joins.GetOpenAsync(context.Chama.Id)).FirstOrDefault(j => j.Proposal.Id == id) is not { } open)
        {
            return null;
        }

        var proposal = open.Proposal;
        return context.Say("approval_join_item", new
        {
            code = proposal.Code,
            member = context.Short(proposal.Member.Name, 12),
            seat = proposal.Member.Seat,
            proposer = context.Short(await NameAsync(context, proposal.ProposerMemberId), 12),
            amount = context.IsUssd ? open.Contribution.FormatAmount() : open.Contribution.ToString(),
            round = open.FirstRound.Number,
            due_date = Day(context, open.FirstRound.DueDate),
            own_round = open.OwnRound.Number,
            own_date = Day(context, open.OwnRound.DueDate),
            approvals = proposal.Approvals,
            required = proposal.Required,
            voted = Voted(context, proposal.Decisions),
        });
    }

    private static string RuleText(FlowContext context, RuleChange change) =>
        RuleCommand.Text(context.Services.Texts, context.Member.Language, change, context.Chama.Currency);

    private static async Task<string> NameAsync(FlowContext context, long memberId) =>
        (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).FirstOrDefault(m => m.Id == memberId)?.Name ?? "?";

    /// <summary>A USSD screen has no room for the year.</summary>
    private static string Day(FlowContext context, DateOnly date) =>
        context.IsUssd ? date.ToString("d MMM", CultureInfo.InvariantCulture) : context.Date(date);
}
