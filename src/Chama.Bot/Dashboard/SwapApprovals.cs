using Chama.Conversations;
using Chama.Conversations.Commands.Swaps;
using Chama.Conversations.Texts;
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
    public static bool IsSwapCode(string code, out long swapId) => Keywords.TryParseSwapCode(code, out swapId);

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

    /// <summary>Records the officer's decision with the notices the chat would queue, in one write; the notice to show, or the refusal.</summary>
    public static async Task<(string? Notice, string? Refusal)> DecideAsync(
        OfficerSeat seat, long swapId, Decision decision, string? reason, SeatSwapStore swaps, MessageTexts texts, CancellationToken cancellationToken)
    {
        var result = await swaps.DecideAsync(
            seat.Officer, swapId, decision, reason, DashboardEndpoints.Channel, decided => SwapNotices.Decided(texts, seat.Chama.Name, seat.Officer, decided, reason), cancellationToken);
        var code = $"S{swapId}";
        switch (result.Outcome)
        {
            case SwapOutcome.ApprovalRecorded or SwapOutcome.Accepted or SwapOutcome.Rejected:
                return (result.Outcome switch { SwapOutcome.Accepted => "swap-made", SwapOutcome.Rejected => "rejected", _ => "approved" }, null);
            case SwapOutcome.Lapsed:
                var first = HeldSwapLapse.FirstDue(result.RequesterRound!, result.CounterpartRound!);
                return (null, $"{code} lapsed on {DashboardLayout.Day(first.DueDate)}, when round {first.Number} fell due: it can no longer be decided. Nothing was recorded.");
            default:
                return (null, result.Outcome switch
                {
                    SwapOutcome.OwnSwap => $"You cannot decide on {code}: you are a party to the swap.",
                    SwapOutcome.AlreadyDecided => $"You have already decided on {code}.",
                    SwapOutcome.NotAnOfficer => "Only the chama's officers can decide.",
                    SwapOutcome.RoundBeingPaid => $"{code} cannot be made: the pot of one of its rounds is being paid or approved. Nothing was recorded.",
                    SwapOutcome.RoundPassed or SwapOutcome.RoundsChanged or SwapOutcome.UnknownSeat or SwapOutcome.NoRound =>
                        $"{code} cannot be made as it stands (a round has passed or changed hands, or a member has left). Nothing was recorded.",
                    _ => $"{code} is not waiting for approval.",
                });
        }
    }
}
