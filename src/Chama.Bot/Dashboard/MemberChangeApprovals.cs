using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Officer roles (<c>O3</c>) and payout phones (<c>N4</c>) waiting for the officers' quorum, on the approvals page: decided
/// here through the same store call as the chat's <c>APPROVE N4</c> / <c>REJECT N4 &lt;reason&gt;</c>.
/// </summary>
public static class MemberChangeApprovals
{
    public static Markup Sections(IReadOnlyList<MemberChange> open, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names) =>
        Markup.Join(open.Select(c =>
        {
            var (title, change) = c.Kind == DecisionKind.Role
                ? ($"{c.Member.Name}'s officer roles", $"from {MemberChangeNotices.Roles(c.Member.Roles)} to {MemberChangeNotices.Roles(c.Roles!.Value)}")
                : ($"{c.Member.Name}'s M-Pesa payout phone", $"from {c.Member.ReceivePhone.E164} to {c.ReceivePhone!.E164}, receiving nothing for {seat.Chama.Constitution.PayoutPhoneDelayHours} hours after it is made");
            return Html.Of(
                $"""
                <section aria-labelledby="h-{c.Code}"><h2 id="h-{c.Code}">{c.Code}: {title}</h2>
                <dl><dt>Change</dt><dd>{change}</dd><dt>Proposed by</dt><dd>{names.GetValueOrDefault(c.ProposerMemberId, "?")}</dd><dt>Approvals</dt><dd>{c.Approvals} of {c.Required}</dd><dt>Decided</dt><dd>{DecisionForms.Decided(c.Decisions, names)}</dd></dl>
                {Html.If(c.Member.Id == seat.Officer.Id, $"<p>The change is yours: the other officers decide.</p>")}
                {DecisionForms.For(seat, c.Code, token)}
                <p>In the chat: APPROVE {c.Code} or REJECT {c.Code} &lt;reason&gt;.</p></section>
                """);
        }));
}
