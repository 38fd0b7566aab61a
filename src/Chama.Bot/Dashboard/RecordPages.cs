using System.Globalization;
using Chama.Core;
using Chama.Data;
using Chama.Data.Chamas;
using Chama.Data.Outbox;

namespace Chama.Bot.Dashboard;

/// <summary>What happened: the audit trail, and the messages the outbox gave up on (so someone can tell those members).</summary>
public static class RecordPages
{
    public static RouteGroupBuilder MapRecordPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/audit", AuditAsync);
        chama.MapGet("/messages", FailedMessagesAsync);
        return chama;
    }

    private static async Task<IResult> AuditAsync(HttpContext http, AuditTrail trail, ChamaStore chamas)
    {
        var seat = OfficerSeat.Of(http);
        var names = (await chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var entries = await trail.ListAsync(seat.Chama.Id, cancellationToken: http.RequestAborted);
        var rows = Markup.Join(entries.Select(e => Html.Of(
            $"<tr><td>{DashboardLayout.When(e.At)}</td><td>{(e.ActorMemberId is { } who ? names.GetValueOrDefault(who, "?") : "system")}</td><td>{e.Channel}</td><td>{e.Action}</td><td>{e.Subject}</td></tr>")));
        var body = Html.Of(
            $"""
            <p>The latest {AuditTrail.MaxShown} changes, newest first. Nothing here is ever changed or removed.</p>
            <div class="table" role="region" tabindex="0" aria-label="Audit trail"><table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Channel</th><th scope="col">What</th><th scope="col">Detail</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            """);
        return DashboardLayout.ChamaPage(http, seat, "audit", body);
    }

    private static async Task<IResult> FailedMessagesAsync(HttpContext http, OutboxDelivery delivery, ChamaStore chamas)
    {
        var seat = OfficerSeat.Of(http);
        var members = (await chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id);
        var failed = await delivery.ListFailedAsync(seat.Chama.Id, http.RequestAborted);
        var rows = Markup.Join(failed.Select(m =>
        {
            var to = m.MemberId is { } id && members.TryGetValue(id, out var member) ? $"{member.Name} ({member.Phone.Masked})" : PhoneNumber.FromStored(m.Phone).Masked;
            return Html.Of(
                $"<tr><td>{DashboardLayout.When(m.FailedAt)}</td><td>{to}</td><td>{m.IdempotencyKey.Split(':')[0]}</td><td class=\"n\">{m.Attempts}</td><td>{m.ErrorCode?.ToString(CultureInfo.InvariantCulture)} {m.Error}</td></tr>");
        }));
        var body = failed.Count == 0
            ? Html.Of($"<p>Every message to your members has been sent or is still being sent.</p>")
            : Html.Of(
                $"""
                <p>These messages will not be sent: tell these members by other means, and check their phone numbers.</p>
                <div class="table" role="region" tabindex="0" aria-label="Failed messages"><table><thead><tr><th scope="col">Given up</th><th scope="col">To</th><th scope="col">Message</th><th class="n" scope="col">Attempts</th><th scope="col">Last error</th></tr></thead>
                <tbody>{rows}</tbody></table></div>
                """);
        return DashboardLayout.ChamaPage(http, seat, "messages", body);
    }
}
