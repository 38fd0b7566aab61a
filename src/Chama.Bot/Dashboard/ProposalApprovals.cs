using Chama.Conversations.Flows;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Rule changes (<c>R4</c>) and joins of the running cycle (<c>J3</c>) on the approvals page, after the swaps: decided
/// here through the same store calls the chat's <c>APPROVE R4</c> / <c>REJECT J3 &lt;reason&gt;</c> use (same quorum,
/// the proposer's proposal counting as their vote, audited with channel "dashboard"), with the same messages queued.
/// </summary>
public static class ProposalApprovals
{
    public static bool IsProposalCode(string code) => RuleProposal.TryParseCode(code, out _) || JoinProposal.TryParseCode(code, out _);

    /// <summary>One section per open rule change, then per open join, with its approve and reject forms.</summary>
    public static Markup Sections(
        IReadOnlyList<RuleProposal> rules, IReadOnlyList<OpenJoin> joins, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names, MessageTexts texts) =>
        Markup.Join(
        [
            .. rules.Select(r => Html.Of(
                $"""
                <section aria-labelledby="h-{r.Code}"><h2 id="h-{r.Code}">{r.Code}: change to the constitution</h2>
                <dl><dt>Change</dt><dd>{RuleCommand.Text(texts, Language.En, r.Change, seat.Chama.Currency)}</dd><dt>Proposed by</dt><dd>{names.GetValueOrDefault(r.ProposerMemberId, "?")}</dd><dt>Approvals</dt><dd>{r.Approvals} of {r.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(r.Decisions, names)}</dd></dl>
                {DecisionForms.For(seat, r.Code, token)}
                <p>In the chat: APPROVE {r.Code} or REJECT {r.Code} &lt;reason&gt;.</p></section>
                """)),
            .. joins.Select(j =>
            {
                var p = j.Proposal;
                return Html.Of(
                    $"""
                    <section aria-labelledby="h-{p.Code}"><h2 id="h-{p.Code}">{p.Code}: {p.Member.Name} joins the running cycle</h2>
                    <dl><dt>Member</dt><dd>{p.Member.Name} (seat {p.Member.Seat})</dd><dt>Pays</dt><dd>{j.Contribution} from round {j.FirstRound.Number} (due {DashboardLayout.Day(j.FirstRound.DueDate)})</dd><dt>Receives</dt><dd>the pot in a new round {j.OwnRound.Number} on {DashboardLayout.Day(j.OwnRound.DueDate)}</dd><dt>Proposed by</dt><dd>{names.GetValueOrDefault(p.ProposerMemberId, "?")}</dd><dt>Approvals</dt><dd>{p.Approvals} of {p.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(p.Decisions, names)}</dd></dl>
                    {Html.If(p.Member.Id == seat.Officer.Id, $"<p>The proposal is about you: the other officers decide.</p>")}
                    {DecisionForms.For(seat, p.Code, token)}
                    <p>In the chat: APPROVE {p.Code} or REJECT {p.Code} &lt;reason&gt;.</p></section>
                    """);
            }),
        ]);

    /// <summary>Records the officer's decision, queueing the messages the chat would; the notice to show, or the refusal.</summary>
    public static async Task<(string? Notice, string? Refusal)> DecideAsync(
        OfficerSeat seat, string code, Decision decision, string? reason, ConstitutionStore rules, CycleJoinStore joins, MessageTexts texts, CancellationToken cancellationToken)
    {
        if (RuleProposal.TryParseCode(code, out var ruleId))
        {
            RuleOutcome outcome;
            try
            {
                (outcome, _) = await rules.DecideAsync(seat.Officer, ruleId, decision, reason, DashboardEndpoints.Channel, cancellationToken);
            }
            catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
            {
                return (null, QuorumText.For(texts, Language.En, check));
            }

            return outcome switch
            {
                RuleOutcome.Recorded => ("approved", null),
                RuleOutcome.Rejected => ("rejected", null),
                RuleOutcome.InForce => ("rule-in-force", null),
                _ => (null, texts.Render(Language.En, "rule_refused", new { reason = RuleCommand.RefusalReason(outcome), code = RuleProposal.CodeFor(ruleId) })),
            };
        }

        _ = JoinProposal.TryParseCode(code, out var joinId);
        var result = await joins.DecideAsync(
            seat.Officer, joinId, decision, reason, DashboardEndpoints.Channel, decided => JoinNotices.For(texts, seat.Chama.Name, decided), cancellationToken);
        return result.Outcome switch
        {
            JoinOutcome.Recorded => ("approved", null),
            JoinOutcome.Rejected => ("rejected", null),
            JoinOutcome.Joined => ("joined", null),
            _ => (null, texts.Render(
                Language.En,
                "join_refused",
                new { reason = JoinCommand.RefusalReason(result.Outcome), seat = result.Proposal?.Member.Seat ?? 0, code = JoinProposal.CodeFor(joinId) })),
        };
    }
}
