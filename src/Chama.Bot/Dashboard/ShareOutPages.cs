using Chama.Conversations.Commands.ShareOuts;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.ShareOuts;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The year-end share-out: the chama's latest share-out table (each member's savings, share of the earnings, loan
/// deducted and payout) with where it stands, and the button that proposes one, through the same store call as the
/// chat's <c>SHAREOUT</c> (every member is sent the table). The officers decide it on the approvals page or here.
/// </summary>
public static class ShareOutPages
{
    public const string Path = "share-out";

    public sealed record Sources(ShareOutStore ShareOuts, MessageTexts Texts);

    public static RouteGroupBuilder MapShareOutPages(this RouteGroupBuilder chama)
    {
        chama.MapGet($"/{Path}", (HttpContext http, [AsParameters] Sources sources) => PageAsync(http, sources, null, null));
        chama.MapPost($"/{Path}", ProposeAsync);
        return chama;
    }

    /// <summary>A label of the share-out's pages in the officer's language (<c>dashboard_share_out</c>).</summary>
    public static string Label(MessageTexts texts, OfficerSeat seat, string part, string code = "", string status = "") =>
        texts.Render(seat.Officer.Language, "dashboard_share_out", new { part, code, status });

    /// <summary>A share-out's table, with its totals, as officers read it.</summary>
    public static Markup Table(ProposedShareOut shareOut, MessageTexts texts, OfficerSeat seat)
    {
        string L(string part) => Label(texts, seat, part, shareOut.Code);
        var rows = Markup.Join(shareOut.Lines.Select(l => Html.Of(
            $"<tr><td>{l.Seat}</td><td>{l.Name}</td><td class=\"n\">{l.Line.Savings}</td><td class=\"n\">{l.Line.Earnings}</td><td class=\"n\">{l.Line.LoanDeducted}</td><td class=\"n\">{l.Line.Payout}</td><td>{(l.Line.Payout.IsPositive ? ApprovalSubject.CodeFor(ApprovalKind.ShareOut, l.LineId) : "")}</td></tr>")));
        return Html.Of(
            $"""
            <div class="table"><table><caption>{L("caption")}</caption>
            <thead><tr><th scope="col">{L("seat")}</th><th scope="col">{L("member")}</th><th scope="col" class="n">{L("savings")}</th><th scope="col" class="n">{L("earnings")}</th><th scope="col" class="n">{L("deducted")}</th><th scope="col" class="n">{L("payout")}</th><th scope="col">{L("payout_code")}</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th scope="row" colspan="2">{L("total")}</th><td class="n">{shareOut.Savings}</td><td class="n">{shareOut.Earnings}</td><td class="n">{shareOut.LoansDeducted}</td><td class="n">{shareOut.PaidOut}</td><td></td></tr></tfoot></table></div>
            """);
    }

    private static async Task<IResult> PageAsync(HttpContext http, Sources sources, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var token = DashboardLayout.Antiforgery(http);
        var latest = await sources.ShareOuts.LatestAsync(seat.Chama.Id, http.RequestAborted);
        var rule = sources.Texts.Render(seat.Officer.Language, "share_out_refused", new { reason = "none", code = "" });
        string L(string part, string status = "") => Label(sources.Texts, seat, part, status: status);
        var body = Markup.Join(
        [
            latest is null
                ? Html.Of($"<p>{rule}</p>")
                : Html.Of(
                    $"""
                    <section aria-labelledby="h-latest"><h2 id="h-latest">{latest.Code}: {L("standing", Standing(latest))}</h2>
                    <dl><dt>{L("proposed")}</dt><dd>{DashboardLayout.When(latest.ProposedAt)}</dd><dt>Approvals</dt><dd>{latest.Approvals} of {latest.Required}</dd></dl>
                    {Table(latest, sources.Texts, seat)}
                    {(latest.IsOpen ? DecisionForms.For(seat, latest.Code, token) : Markup.Empty)}</section>
                    """),
            latest is { IsOpen: true }
                ? Markup.Empty
                : Html.Of(
                    $"""
                    <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, Path)}">{token}
                    <p>{L("propose_hint")}</p>
                    <button type="submit">{L("propose")}</button></form>
                    """),
        ]);
        return DashboardLayout.ChamaPage(http, seat, Path, body, notice, error, status);
    }

    private static async Task<IResult> ProposeAsync(HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var language = seat.Officer.Language;
        try
        {
            var proposed = await sources.ShareOuts.ProposeAsync(
                seat.Officer, DashboardEndpoints.Channel, ShareOutTexts.Proposed(sources.Texts, seat.Chama.Name), http.RequestAborted);
            return await PageAsync(http, sources, sources.Texts.Render(language, "share_out_proposed", ShareOutTexts.Table(proposed, seat.Chama.Name, seat.Officer)), null);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.ShareOutNotPossible or ChamaError.NotAnOfficer)
        {
            var (reason, code) = refused.Facts is ProposedShareOut waiting ? ("open", waiting.Code)
                : refused.Error == ChamaError.NotAnOfficer ? ("officer", "")
                : ("nothing", "");
            return await PageAsync(http, sources, null, sources.Texts.Render(language, "share_out_refused", new { reason, code }), StatusCodes.Status409Conflict);
        }
    }

    /// <summary>Where the share-out stands, as <c>dashboard_share_out</c>'s <c>standing</c> words it.</summary>
    private static string Standing(ProposedShareOut shareOut) =>
        shareOut.Status == ShareOutStatus.Proposed && shareOut.IsOpen ? "open" : shareOut.Status.ToString();
}
