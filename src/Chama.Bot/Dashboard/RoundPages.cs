using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;

namespace Chama.Bot.Dashboard;

/// <summary>The current round (who has paid, who has not) and the cycle (every round, and starting the next cycle).</summary>
public static class RoundPages
{
    public static RouteGroupBuilder MapRoundPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/", CurrentRoundAsync);
        chama.MapGet("/cycle", (HttpContext http, CycleStore cycles, ContributionLedger ledger, DisbursementStore payouts, MessageTexts texts, TimeProvider clock) =>
            CyclePageAsync(http, cycles, ledger, payouts, texts, clock, http.Request.Query["notice"] == "started" ? "The cycle is running: its rounds are below." : null, null));
        chama.MapPost("/cycle", StartCycleAsync);
        return chama;
    }

    private static async Task<IResult> CurrentRoundAsync(HttpContext http, CycleStore cycles, ContributionLedger ledger, ChamaStore chamas, TimeProvider clock)
    {
        var seat = OfficerSeat.Of(http);
        var warning = await QuorumWarning.ForAsync(chamas, seat, http.RequestAborted);
        var round = await cycles.FindCurrentRoundAsync(seat.Chama.Id, NairobiTime.Today(clock), http.RequestAborted);
        if (round is null)
        {
            return DashboardLayout.ChamaPage(http, seat, "", Html.Of($"{warning}<p>No cycle is running. <a href=\"{DashboardLayout.Href(seat.Chama.Id, "cycle")}\">Start one</a>.</p>"));
        }

        var summary = await ledger.GetRoundSummaryAsync(round.Id, http.RequestAborted);
        var rows = Markup.Join(summary.Members.OrderBy(m => m.Member.Seat).Select(m => Html.Of(
            $"<tr><td class=\"n\">{m.Member.Seat}</td><td>{m.Member.Name}</td><td class=\"n\">{m.Due}</td><td class=\"n\">{m.Paid}</td><td class=\"n\">{m.Remainder}</td><td class=\"status-{m.Status}\">{m.Status}</td></tr>")));
        var defaulters = summary.Defaulters.Count == 0
            ? Html.Of($"<p>Everyone has paid this round.</p>")
            : Html.Of($"<ul>{Markup.Join(summary.Defaulters.Select(d => Html.Of($"<li>{d.Member.Name} (seat {d.Member.Seat}) owes {d.Remainder}</li>")))}</ul>");
        var body = Html.Of(
            $"""
            {warning}
            <dl><dt>Round</dt><dd>{summary.Round.Number}, meeting {DashboardLayout.Day(summary.Round.DueDate)}</dd>
            <dt>Recipient</dt><dd>{summary.Recipient.Name}</dd>
            <dt>Collected</dt><dd>{summary.Collected}</dd><dt>Expected</dt><dd>{summary.ExpectedPot}</dd><dt>Remaining</dt><dd>{summary.Remaining}</dd></dl>
            <h2>Members</h2>
            <div class="table" role="region" tabindex="0" aria-label="Members' payments"><table><caption class="visually-hidden">Payments for round {summary.Round.Number}</caption>
            <thead><tr><th class="n" scope="col">Seat</th><th scope="col">Name</th><th class="n" scope="col">Due</th><th class="n" scope="col">Paid</th><th class="n" scope="col">Remaining</th><th scope="col">Status</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            <h2>Defaulters</h2>{defaulters}
            """);
        return DashboardLayout.ChamaPage(http, seat, "", body);
    }

    private static async Task<IResult> CyclePageAsync(
        HttpContext http, CycleStore cycles, ContributionLedger ledger, DisbursementStore payouts, MessageTexts texts, TimeProvider clock, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var cycle = await cycles.FindActiveCycleAsync(seat.Chama.Id, http.RequestAborted);
        Markup body;
        if (cycle is null)
        {
            // What would stop a start today, shown before the officer picks a date (the date itself is checked on submit).
            var readiness = await cycles.ReadinessAsync(seat.Chama.Id, NairobiTime.Today(clock), http.RequestAborted);
            var missing = Html.If(!readiness.IsReady, $"<p class=\"notice\">{CycleTexts.NotReady(texts, seat.Officer.Language, readiness, DashboardLayout.Day, preview: true)}</p>");
            body = Html.Of(
                $"""
                <p>No cycle is running.</p>
                <h2>Start a cycle</h2>
                {missing}
                <p>Rounds are made from the seats of the active members, one round each, {seat.Chama.Constitution.Frequency.ToString().ToLowerInvariant()},
                with a contribution of {seat.Chama.Constitution.ContributionAmount} per member per round.</p>
                <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, "cycle")}">{DashboardLayout.Antiforgery(http)}
                <label for="starts_on">First meeting date</label>
                <input id="starts_on" name="starts_on" type="date" required value="{seat.Chama.FirstMeeting?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}">
                <button type="submit">Start the cycle</button></form>
                """);
        }
        else
        {
            var rows = new List<Markup>();
            foreach (var summary in await ledger.GetCycleSummariesAsync(cycle.Id, http.RequestAborted))
            {
                var paid = (await payouts.ListForSubjectAsync(ApprovalKind.Pot, summary.Round.Id, http.RequestAborted)).LastOrDefault();
                var disbursed = paid is null ? "not yet" : paid.Status == DisbursementStatus.Completed ? $"{paid.Amount} ({paid.TransactionId})" : paid.Status.ToString().ToLowerInvariant();
                rows.Add(Html.Of(
                    $"<tr><td class=\"n\">{summary.Round.Number}</td><td>{summary.Recipient.Name}</td><td>{DashboardLayout.Day(summary.Round.DueDate)}</td><td class=\"n\">{summary.Collected}</td><td class=\"n\">{summary.ExpectedPot}</td><td>{disbursed}</td></tr>"));
            }

            body = Html.Of(
                $"""
                <p>Cycle {cycle.Number}, started {DashboardLayout.Day(cycle.StartsOn)}, {cycle.Contribution} per member per round.</p>
                <div class="table" role="region" tabindex="0" aria-label="Rounds of the cycle"><table><thead><tr><th class="n" scope="col">Round</th><th scope="col">Recipient</th><th scope="col">Meeting</th><th class="n" scope="col">Collected</th><th class="n" scope="col">Expected</th><th scope="col">Disbursed</th></tr></thead>
                <tbody>{Markup.Join(rows)}</tbody></table></div>
                <p>A new cycle can be started here once this one is closed.</p>
                """);
        }

        return DashboardLayout.ChamaPage(http, seat, "cycle", body, notice, error, status);
    }

    private static async Task<IResult> StartCycleAsync(HttpContext http, CycleStore cycles, ContributionLedger ledger, DisbursementStore payouts, MessageTexts texts, TimeProvider clock)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!DateOnly.TryParseExact(form["starts_on"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startsOn))
        {
            return await CyclePageAsync(http, cycles, ledger, payouts, texts, clock, null, "Give the first meeting's date.", StatusCodes.Status400BadRequest);
        }

        try
        {
            await cycles.StartReadyCycleAsync(
                seat.Chama.Id, startsOn, Actor.Member(seat.Officer.Id, DashboardEndpoints.Channel), started => CycleTexts.StartedNotices(texts, started), http.RequestAborted);
            return Results.Redirect(DashboardLayout.Href(seat.Chama.Id, "cycle") + "?notice=started");
        }
        catch (ChamaException refused) when (refused is { Error: ChamaError.CycleNotReady, Facts: CycleReadiness readiness })
        {
            return await CyclePageAsync(http, cycles, ledger, payouts, texts, clock, null, CycleTexts.NotReady(texts, seat.Officer.Language, readiness, DashboardLayout.Day), StatusCodes.Status409Conflict);
        }
        catch (ChamaException refused)
        {
            return await CyclePageAsync(http, cycles, ledger, payouts, texts, clock, null, refused.Message, StatusCodes.Status409Conflict);
        }
    }
}
