using Chama.Conversations.Flows;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Swaps;
using Chama.Data.Welfare;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Pots and welfare requests waiting for officers, approved or rejected here through the same store call the chat's
/// APPROVE and REJECT use: the same quorum, the same exclusions, the same audit (channel "dashboard"), the same payout.
/// Seat swaps held for the officers follow them (<see cref="SwapApprovals"/>), then rule changes and joins of the running
/// cycle (<see cref="ProposalApprovals"/>).
/// </summary>
public static class ApprovalPages
{
    /// <summary>As in the chat: a rejection needs a reason that fits a text message.</summary>
    public const int MaxReasonLength = 140;

    public static RouteGroupBuilder MapApprovalPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/approvals", (HttpContext http, [AsParameters] Sources sources) => PageAsync(http, sources, Notice(http), null));
        chama.MapPost("/approvals/{code}", DecideAsync);
        return chama;
    }

    private static string? Notice(HttpContext http) => http.Request.Query["notice"].ToString() switch
    {
        "approved" => "Your approval is recorded.",
        "complete" => "Your approval is recorded. It is fully approved and the payout is queued.",
        "divided" => "Your approval is recorded. The pot is divided: nothing is left to pay out, and the rest is in the welfare fund.",
        "rejected" => "Your rejection is recorded.",
        "swap-made" => "Your approval is recorded. The swap is fully approved and made: both members and the other officers are told.",
        "rule-in-force" => "Your approval is recorded. The rule change has its quorum and is in force as a new constitution version.",
        "joined" => "Your approval is recorded. The member is in the running cycle now: they and the other officers are told.",
        _ => null,
    };

    /// <summary>Where the page reads what waits for the officers, and what a decision needs.</summary>
    public sealed record Sources(
        ApprovalStore Approvals, SeatSwapStore Swaps, ConstitutionStore Rules, CycleJoinStore Joins, ChamaStore Chamas, WelfareLedger Welfare, MessageTexts Texts);

    private static async Task<IResult> PageAsync(HttpContext http, Sources sources, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var open = await sources.Approvals.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var held = await sources.Swaps.GetHeldAsync(seat.Chama.Id, http.RequestAborted);
        var rules = await sources.Rules.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var joins = await sources.Joins.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var names = (await sources.Chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var token = DashboardLayout.Antiforgery(http);
        Money? fund = open.Any(p => p.Subject.Kind == ApprovalKind.Welfare) ? await sources.Welfare.GetAvailableAsync(seat.Chama.Id, http.RequestAborted) : null;
        var items = open.Select(p =>
        {
            var subject = p.Subject;
            var decided = DecisionForms.Decided(p.Decisions, names);
            var own = subject.BeneficiaryMemberId == seat.Officer.Id;
            return Html.Of(
                $"""
                <section aria-labelledby="h-{subject.Code}"><h2 id="h-{subject.Code}">{subject.Code}: {subject.Description}</h2>
                <dl><dt>Pay</dt><dd>{subject.Amount} to {subject.BeneficiaryName}</dd>{Html.If(subject.Kind == ApprovalKind.Welfare, $"<dt>Welfare fund</dt><dd>{fund} (after payouts on their way)</dd>")}<dt>Approvals</dt><dd>{p.Approvals} of {p.Required}</dd><dt>Decided</dt><dd>{decided}</dd></dl>
                {Html.If(own, $"<p>The payout is to you: another officer decides.</p>")}
                {DecisionForms.For(seat, subject.Code, token)}</section>
                """);
        }).ToList();
        var body = items.Count == 0 && held.Count == 0 && rules.Count == 0 && joins.Count == 0
            ? Html.Of($"<p>Nothing is waiting for approval.</p>")
            : Markup.Join([.. items, SwapApprovals.Sections(held, seat, token, names), ProposalApprovals.Sections(rules, joins, seat, token, names, sources.Texts)]);
        return DashboardLayout.ChamaPage(http, seat, "approvals", body, notice, error, status);
    }

    private static async Task<IResult> DecideAsync(string code, HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var shown = code.Trim().ToUpperInvariant();
        Decision? decision = form["decision"].ToString() switch
        {
            "approve" => Decision.Approve,
            "reject" => Decision.Reject,
            _ => null,
        };
        var reason = TextInput.Lines(form["reason"]);
        var isSwap = SwapApprovals.IsSwapCode(code, out var swapId);
        var isProposal = ProposalApprovals.IsProposalCode(code);
        var kind = ApprovalKind.Pot;
        var id = 0L;
        if (decision is null || (!isSwap && !isProposal && !ApprovalSubject.TryParseCode(code, out kind, out id)))
        {
            return await PageAsync(http, sources, null, $"{shown} is not waiting for approval.", StatusCodes.Status400BadRequest);
        }

        if (decision == Decision.Reject && reason.Length is 0 or > MaxReasonLength)
        {
            return await PageAsync(http, sources, null, $"Give a reason for rejecting {shown}, up to {MaxReasonLength} characters.", StatusCodes.Status400BadRequest);
        }

        if (isSwap || isProposal)
        {
            var given = decision == Decision.Reject ? reason : null;
            var (decidedNotice, decidedRefusal) = isSwap
                ? await SwapApprovals.DecideAsync(seat, swapId, decision.Value, given, sources.Swaps, sources.Texts, http.RequestAborted)
                : await ProposalApprovals.DecideAsync(seat, code, decision.Value, given, sources.Rules, sources.Joins, sources.Texts, http.RequestAborted);
            return decidedNotice is not null
                ? Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "approvals") + $"?notice={decidedNotice}")
                : await PageAsync(http, sources, null, decidedRefusal, StatusCodes.Status409Conflict);
        }

        var (outcome, after) = await sources.Approvals.DecideAsync(
            seat.Officer, kind, id, decision.Value, decision == Decision.Reject ? reason : null, DashboardEndpoints.Channel, http.RequestAborted);
        if (outcome == DecisionOutcome.Recorded)
        {
            var notice = decision == Decision.Reject ? "rejected" : !after!.IsApproved ? "approved" : after.Subject.Amount.IsPositive ? "complete" : "divided";
            return Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "approvals") + $"?notice={notice}");
        }

        // A welfare request the fund can no longer pay is closed, and its requester and the officers are told.
        if (outcome == DecisionOutcome.CannotPay && kind == ApprovalKind.Welfare
            && await sources.Welfare.CloseUnpayableAsync(
                seat.Officer, id, DashboardEndpoints.Channel, (closure, officers) => WelfareFlow.ClosedNotices(sources.Texts, closure, officers), http.RequestAborted) is { } closed)
        {
            return await PageAsync(http, sources, null, WelfareFlow.ClosedText(sources.Texts, Language.En, closed, requester: false), StatusCodes.Status409Conflict);
        }

        var refusal = outcome switch
        {
            DecisionOutcome.OwnPayout => $"You cannot decide on {shown}: the payout is to you.",
            DecisionOutcome.AlreadyDecided => $"You have already decided on {shown}.",
            DecisionOutcome.CannotPay => $"{shown} cannot be paid as it stands (the amount is outside M-Pesa's limits or the welfare fund is short). Nothing was recorded.",
            DecisionOutcome.NotAnOfficer => "Only the chama's officers can decide.",
            _ => $"{shown} is not waiting for approval.",
        };
        return await PageAsync(http, sources, null, refusal, StatusCodes.Status409Conflict);
    }
}
