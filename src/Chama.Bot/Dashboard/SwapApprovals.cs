using Chama.Core;
using Chama.Data.Swaps;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Seat swaps held for the officers over arrears, on the approvals page: decided here through the same store call the
/// chat's <c>APPROVE S5</c> / <c>REJECT S5 &lt;reason&gt;</c> use (same quorum, the two members' own votes never count,
/// same lapse, audited with channel "dashboard"), and told to the same people with the same messages.
/// </summary>
public static class SwapApprovals
{
    /// <summary>One section per held swap, after the payouts, with its approve and reject forms.</summary>
    public static Markup Sections(IReadOnlyList<HeldSwap> held, OfficerSeat seat, Markup token, IReadOnlyDictionary<long, string> names) =>
        Markup.Join(held.Select(h =>
        {
            var code = h.Code;
            var arrears = h.Arrears.Count == 0 ? "none now" : string.Join(", ", h.Arrears.Select(a => $"{a.Member.Name} owes {a.Owed}"));
            var decided = h.Votes.Count == 0
                ? "none yet"
                : string.Join(", ", h.Votes.Select(v => $"{names.GetValueOrDefault(v.OfficerMemberId, "?")} ({v.Decision.ToString().ToLowerInvariant()})"));
            var own = seat.Officer.Id == h.Requester.Id || seat.Officer.Id == h.Counterpart.Id;
            return Html.Of(
                $"""
                <section aria-labelledby="h-{code}"><h2 id="h-{code}">{code}: seat swap held for arrears</h2>
                <dl><dt>Swap</dt><dd>{h.Requester.Name} (round {h.RequesterRound.Number}, {DashboardLayout.Day(h.RequesterRound.DueDate)}) with {h.Counterpart.Name} (round {h.CounterpartRound.Number}, {DashboardLayout.Day(h.CounterpartRound.DueDate)})</dd><dt>Arrears</dt><dd>{arrears}</dd><dt>Approvals</dt><dd>{h.Approvals} of {h.Required}</dd><dt>Decided</dt><dd>{decided}</dd><dt>Lapses</dt><dd>{DashboardLayout.Day(h.FirstDue.DueDate)}, when round {h.FirstDue.Number} falls due</dd></dl>
                {Html.If(own, $"<p>You are a party to this swap: the other officers decide.</p>")}
                {DecisionForms.For(seat, code, token)}
                <p>In the chat: APPROVE {code} or REJECT {code} &lt;reason&gt;.</p></section>
                """);
        }));
}
