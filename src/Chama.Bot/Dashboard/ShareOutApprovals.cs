using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>
/// A share-out (<c>Y2</c>) waiting for the officers' quorum, on the approvals page: its table and the decision form,
/// decided through the same store call as the chat's <c>APPROVE Y2</c> / <c>REJECT Y2 &lt;reason&gt;</c>.
/// </summary>
public static class ShareOutApprovals
{
    public static Markup Sections(ProposedShareOut? open, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names, MessageTexts texts) =>
        open is null
            ? Markup.Empty
            : Html.Of(
                $"""
                <section aria-labelledby="h-{open.Code}"><h2 id="h-{open.Code}">{open.Code}: {ShareOutPages.Label(texts, seat, "title")}</h2>
                <dl><dt>{ShareOutPages.Label(texts, seat, "proposed_by")}</dt><dd>{names.GetValueOrDefault(open.ProposedByMemberId, "?")} on {DashboardLayout.When(open.ProposedAt)}</dd><dt>Approvals</dt><dd>{open.Approvals} of {open.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(open.Decisions, names)}</dd></dl>
                {ShareOutPages.Table(open, texts, seat)}
                {DecisionForms.For(seat, open.Code, token)}
                <p>In the chat: APPROVE {open.Code} or REJECT {open.Code} &lt;reason&gt;.</p></section>
                """);
}
