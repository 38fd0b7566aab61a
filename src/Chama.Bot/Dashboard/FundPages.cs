using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Disbursements;
using Chama.Data.Mpesa;
using Chama.Data.Welfare;

namespace Chama.Bot.Dashboard;

/// <summary>The welfare fund (balance, requests, payouts) and the paybill payments held in suspense, to allocate.</summary>
public static class FundPages
{
    public static RouteGroupBuilder MapFundPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/welfare", WelfareAsync);
        chama.MapGet("/suspense", (HttpContext http, Suspense suspense, ChamaStore chamas) =>
            SuspenseAsync(http, suspense, chamas, http.Request.Query["notice"] == "allocated" ? "The payment is allocated and the member's receipt is queued." : null, null));
        chama.MapPost("/suspense/{suspenseId:long}", AllocateAsync);
        return chama;
    }

    private static async Task<IResult> WelfareAsync(HttpContext http, WelfareLedger welfare, ApprovalStore approvals, DisbursementStore payouts, ChamaStore chamas)
    {
        var seat = OfficerSeat.Of(http);
        var chamaId = seat.Chama.Id;
        var names = (await chamas.GetMembersAsync(chamaId, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var paid = await welfare.ListPayoutsAsync(chamaId, http.RequestAborted);
        var open = (await approvals.GetOpenAsync(chamaId, http.RequestAborted)).Where(p => p.Subject.Kind == ApprovalKind.Welfare).ToDictionary(p => p.Subject.Id);
        var requests = new List<Markup>();
        foreach (var request in await welfare.ListRequestsAsync(chamaId, http.RequestAborted))
        {
            var state = paid.Any(p => p.RequestId == request.Id)
                ? "paid"
                : request.Status == WelfareRequestStatus.Closed
                    ? "closed unpaid: the fund was short"
                : open.TryGetValue(request.Id, out var waiting)
                    ? $"waiting for officers ({waiting.Approvals} of {waiting.Required})"
                    : (await payouts.ListForSubjectAsync(ApprovalKind.Welfare, request.Id, http.RequestAborted)).LastOrDefault() is { } payout
                        ? $"payout {payout.Status.ToString().ToLowerInvariant()}"
                        : "rejected";
            requests.Add(Html.Of(
                $"<tr><td>{ApprovalSubject.CodeFor(ApprovalKind.Welfare, request.Id)}</td><td>{DashboardLayout.When(request.RequestedAt)}</td><td>{names.GetValueOrDefault(request.MemberId, "?")}</td><td>{request.Kind.ToString().ToLowerInvariant()}</td><td class=\"n\">{request.Amount}</td><td>{request.Reason}</td><td>{state}</td></tr>"));
        }

        var payoutRows = Markup.Join(paid.Select(p => Html.Of(
            $"<tr><td>{DashboardLayout.When(p.PaidAt)}</td><td>{(p.RequestId is { } r ? ApprovalSubject.CodeFor(ApprovalKind.Welfare, r) : "")}</td><td class=\"n\">{p.Amount}</td><td>{p.Reference}</td></tr>")));
        var balance = await welfare.GetBalanceAsync(chamaId, http.RequestAborted);
        var body = Html.Of(
            $"""
            <dl><dt>Balance</dt><dd>{balance}</dd></dl>
            <h2>Requests</h2>
            {(requests.Count == 0 ? Html.Of($"<p>No welfare requests yet.</p>") : Html.Of($"<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"Welfare requests\"><table><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Asked</th><th scope=\"col\">Member</th><th scope=\"col\">Kind</th><th class=\"n\" scope=\"col\">Amount</th><th scope=\"col\">Reason</th><th scope=\"col\">State</th></tr></thead><tbody>{Markup.Join(requests)}</tbody></table></div>"))}
            <h2>Payouts</h2>
            {(paid.Count == 0 ? Html.Of($"<p>No payouts yet.</p>") : Html.Of($"<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"Welfare payouts\"><table><thead><tr><th scope=\"col\">Paid</th><th scope=\"col\">Request</th><th class=\"n\" scope=\"col\">Amount</th><th scope=\"col\">M-Pesa reference</th></tr></thead><tbody>{payoutRows}</tbody></table></div>"))}
            """);
        return DashboardLayout.ChamaPage(http, seat, "welfare", body);
    }

    private static async Task<IResult> SuspenseAsync(HttpContext http, Suspense suspense, ChamaStore chamas, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var held = await suspense.ListUnallocatedAsync(seat.Chama.Id, http.RequestAborted);
        var members = (await chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).Where(m => m.Active).ToList();
        var token = DashboardLayout.Antiforgery(http);
        var options = Markup.Join(members.Select(m => Html.Of($"<option value=\"{m.Seat}\">Seat {m.Seat}: {m.Name}</option>")));
        var items = held.Select(h => Html.Of(
            $"""
            <section aria-labelledby="s-{h.Id}"><h2 id="s-{h.Id}">Payment {h.Id}: {h.Amount}</h2>
            <dl><dt>Received</dt><dd>{DashboardLayout.When(h.ReceivedAt)}</dd><dt>M-Pesa receipt</dt><dd>{h.TransId}</dd><dt>Account typed</dt><dd>{h.BillRef}</dd><dt>From</dt><dd>{h.MaskedPhone}</dd></dl>
            <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, $"suspense/{h.Id}")}">{token}
            <label for="seat-{h.Id}">Credit payment {h.Id} to</label><select id="seat-{h.Id}" name="seat" required>{options}</select>
            <button type="submit">Allocate payment {h.Id}</button></form></section>
            """)).ToList();
        var body = items.Count == 0 ? Html.Of($"<p>No payments are waiting to be allocated.</p>") : Markup.Join(items);
        return DashboardLayout.ChamaPage(http, seat, "suspense", body, notice, error, status);
    }

    /// <summary>The chat's ALLOCATE, from the page: the same store call, the member's receipt queued with it.</summary>
    private static async Task<IResult> AllocateAsync(long suspenseId, HttpContext http, Suspense suspense, ChamaStore chamas, MoneyNotices notices)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!int.TryParse(form["seat"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var toSeat))
        {
            return await SuspenseAsync(http, suspense, chamas, null, "Choose the member to credit.", StatusCodes.Status400BadRequest);
        }

        try
        {
            await suspense.AllocateAsync(seat.Officer, suspenseId, toSeat, DashboardEndpoints.Channel, notices.ForPayment, http.RequestAborted);
            return Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "suspense") + "?notice=allocated");
        }
        catch (ChamaException refused)
        {
            return await SuspenseAsync(http, suspense, chamas, null, refused.Message, StatusCodes.Status409Conflict);
        }
    }
}
