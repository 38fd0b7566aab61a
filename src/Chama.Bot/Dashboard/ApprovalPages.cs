using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Chama.Data.Swaps;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Pots and welfare requests waiting for officers, approved or rejected here through the same store call the chat's
/// APPROVE and REJECT use: the same quorum, the same exclusions, the same audit (channel "dashboard"), the same payout.
/// Seat swaps held for the officers follow them (<see cref="SwapApprovals"/>).
/// </summary>
public static class ApprovalPages
{
    /// <summary>As in the chat: a rejection needs a reason that fits a text message.</summary>
    public const int MaxReasonLength = 140;

    public static RouteGroupBuilder MapApprovalPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/approvals", (HttpContext http, ApprovalStore approvals, SeatSwapStore swaps, ChamaStore chamas) => PageAsync(http, approvals, swaps, chamas, Notice(http), null));
        chama.MapPost("/approvals/{code}", DecideAsync);
        return chama;
    }

    private static string? Notice(HttpContext http) => http.Request.Query["notice"].ToString() switch
    {
        "approved" => "Your approval is recorded.",
        "complete" => "Your approval is recorded. It is fully approved and the payout is queued.",
        "rejected" => "Your rejection is recorded.",
        "swap-made" => "Your approval is recorded. The swap is fully approved and made: both members and the other officers are told.",
        _ => null,
    };

    private static async Task<IResult> PageAsync(
        HttpContext http, ApprovalStore approvals, SeatSwapStore swaps, ChamaStore chamas, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var open = await approvals.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var held = await swaps.GetHeldAsync(seat.Chama.Id, http.RequestAborted);
        var names = (await chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var token = DashboardLayout.Antiforgery(http);
        var items = open.Select(p =>
        {
            var subject = p.Subject;
            var action = DashboardLayout.Href(seat.Chama.Id, $"approvals/{subject.Code}");
            var decided = p.Decisions.Count == 0
                ? Html.Of($"none yet")
                : Html.Of($"{string.Join(", ", p.Decisions.Select(d => $"{names.GetValueOrDefault(d.OfficerMemberId, "?")} ({d.Decision.ToString().ToLowerInvariant()})"))}");
            var own = subject.BeneficiaryMemberId == seat.Officer.Id;
            return Html.Of(
                $"""
                <section aria-labelledby="h-{subject.Code}"><h2 id="h-{subject.Code}">{subject.Code}: {subject.Description}</h2>
                <dl><dt>Pay</dt><dd>{subject.Amount} to {subject.BeneficiaryName}</dd><dt>Approvals</dt><dd>{p.Approvals} of {p.Required}</dd><dt>Decided</dt><dd>{decided}</dd></dl>
                {Html.If(own, $"<p>The payout is to you: another officer decides.</p>")}
                <form method="post" action="{action}">{token}<input type="hidden" name="decision" value="approve"><button type="submit">Approve {subject.Code}</button></form>
                <form method="post" action="{action}">{token}<input type="hidden" name="decision" value="reject">
                <label for="reason-{subject.Code}">Reason for rejecting {subject.Code}</label>
                <input id="reason-{subject.Code}" name="reason" maxlength="{MaxReasonLength}" required>
                <button class="danger" type="submit">Reject {subject.Code}</button></form></section>
                """);
        }).ToList();
        var body = items.Count == 0 && held.Count == 0
            ? Html.Of($"<p>Nothing is waiting for approval.</p>")
            : Markup.Join([.. items, SwapApprovals.Sections(held, seat, token, names)]);
        return DashboardLayout.ChamaPage(http, seat, "approvals", body, notice, error, status);
    }

    private static async Task<IResult> DecideAsync(
        string code, HttpContext http, ApprovalStore approvals, SeatSwapStore swaps, ChamaStore chamas, Outbox outbox, MessageTexts texts)
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
        var reason = form["reason"].ToString().Trim();
        var isSwap = SwapApprovals.IsSwapCode(code, out var swapId);
        var kind = ApprovalKind.Pot;
        var id = 0L;
        if (decision is null || (!isSwap && !ApprovalSubject.TryParseCode(code, out kind, out id)))
        {
            return await PageAsync(http, approvals, swaps, chamas, null, $"{shown} is not waiting for approval.", StatusCodes.Status400BadRequest);
        }

        if (decision == Decision.Reject && reason.Length is 0 or > MaxReasonLength)
        {
            return await PageAsync(http, approvals, swaps, chamas, null, $"Give a reason for rejecting {shown}, up to {MaxReasonLength} characters.", StatusCodes.Status400BadRequest);
        }

        if (isSwap)
        {
            var (swapNotice, swapRefusal) = await SwapApprovals.DecideAsync(
                seat, swapId, decision.Value, decision == Decision.Reject ? reason : null, swaps, outbox, texts, http.RequestAborted);
            return swapNotice is not null
                ? Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "approvals") + $"?notice={swapNotice}")
                : await PageAsync(http, approvals, swaps, chamas, null, swapRefusal, StatusCodes.Status409Conflict);
        }

        var (outcome, after) = await approvals.DecideAsync(
            seat.Officer, kind, id, decision.Value, decision == Decision.Reject ? reason : null, DashboardEndpoints.Channel, http.RequestAborted);
        if (outcome == DecisionOutcome.Recorded)
        {
            var notice = decision == Decision.Reject ? "rejected" : after!.IsApproved ? "complete" : "approved";
            return Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "approvals") + $"?notice={notice}");
        }

        var refusal = outcome switch
        {
            DecisionOutcome.OwnPayout => $"You cannot decide on {shown}: the payout is to you.",
            DecisionOutcome.AlreadyDecided => $"You have already decided on {shown}.",
            DecisionOutcome.CannotPay => $"{shown} cannot be paid as it stands (the amount is outside M-Pesa's limits or the welfare fund is short). Nothing was recorded.",
            DecisionOutcome.NotAnOfficer => "Only the chama's officers can decide.",
            _ => $"{shown} is not waiting for approval.",
        };
        return await PageAsync(http, approvals, swaps, chamas, null, refusal, StatusCodes.Status409Conflict);
    }
}
