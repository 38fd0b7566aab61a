using Chama.Core;
using Microsoft.AspNetCore.Antiforgery;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The one page frame of the dashboard: semantic markup, a small inline style (readable at 360 px, visible focus, strong
/// contrast), the chama's navigation, and a notice or an error. No script at all; the CSP header says so.
/// </summary>
public static class DashboardLayout
{
    private const string Style =
        """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#111;background:#fff}
        header{background:#0b3d2e;color:#fff;padding:.5rem 1rem}header a{color:#fff}
        nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
        main{padding:1rem;max-width:60rem}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
        a{color:#0645ad}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f5a623;outline-offset:2px}
        .table{overflow-x:auto;position:relative}.table:focus{outline:3px solid #f5a623}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #bbb;padding:.35rem .5rem;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;white-space:nowrap}
        label{display:block;font-weight:600;margin-top:.5rem}input,select,textarea{font:inherit;padding:.4rem;border:1px solid #555;border-radius:4px;max-width:100%}
        button{font:inherit;padding:.45rem .9rem;margin-top:.5rem;border:0;border-radius:4px;background:#0b3d2e;color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:#0b3d2e;border:2px solid #0b3d2e}button.danger{background:#a40000}
        .notice{background:#e6f4ea;border-left:4px solid #0b6b3a;padding:.5rem;white-space:pre-line}.error{background:#fde7e7;border-left:4px solid #a40000;padding:.5rem;white-space:pre-line}
        .status-Paid{color:#0b6b3a;font-weight:600}.status-Partial{color:#7a4d00;font-weight:600}.status-Unpaid{color:#a40000;font-weight:600}
        .skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#0645ad;padding:.25rem .5rem;z-index:1}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}form button{display:block}form.inline{display:inline}fieldset{border:1px solid #bbb;margin:.5rem 0;padding:.5rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
        @media print{header,nav,form,.skip,.no-print{display:none}body{font-size:11pt}main{max-width:none;padding:0}a{color:#000;text-decoration:none}.table{overflow:visible}thead{display:table-header-group}tr{break-inside:avoid}th,td{border-bottom:1px solid #000}}
        """;

    /// <summary>The pages of a chama, in the order of the navigation.</summary>
    public static readonly (string Path, string Title)[] Pages =
    [
        ("", "Current round"),
        ("cycle", "Cycle"),
        ("welfare", "Welfare"),
        ("accounts", "Accounts"),
        ("approvals", "Approvals"),
        ("share-out", "Share-out"),
        ("suspense", "Suspense"),
        ("payments", "Recorded payments"),
        ("members", "Members"),
        ("invitations", "Invitations"),
        ("audit", "Audit trail"),
        ("messages", "Failed messages"),
        ("reports", "Reports"),
        ("pin", "My USSD PIN"),
    ];

    /// <summary>A page of the signed-in officer's chama.</summary>
    public static IResult ChamaPage(HttpContext http, OfficerSeat seat, string path, Markup body, string? notice = null, string? error = null, int status = 200)
    {
        var title = Pages.First(p => p.Path == path).Title;
        var links = Markup.Join(Pages.Select(p => p.Path == path
            ? Html.Of($"<li><a href=\"{Href(seat.Chama.Id, p.Path)}\" aria-current=\"page\"><strong>{p.Title}</strong></a></li>")
            : Html.Of($"<li><a href=\"{Href(seat.Chama.Id, p.Path)}\">{p.Title}</a></li>")));
        var header = Html.Of(
            $"""
            <a class="skip" href="#content">Skip to the page</a>
            <header><p><strong>{seat.Chama.Name}</strong> · signed in as {seat.Officer.Name} ({Roles(seat.Officer.Roles)})</p>
            <nav aria-label="Chama pages"><ul>{links}<li><a href="/dashboard">All chamas</a></li></ul></nav>
            <form method="post" action="/dashboard/sign-out">{Antiforgery(http)}<button class="secondary" type="submit">Sign out</button></form></header>
            """);
        return Page($"{title} · {seat.Chama.Name}", header, Html.Of($"<h1>{title}</h1>{body}"), notice, error, status);
    }

    /// <summary>A page outside any chama (sign-in, the list of chamas).</summary>
    public static IResult Page(string title, Markup header, Markup body, string? notice = null, string? error = null, int status = 200)
    {
        var messages = Markup.Join([
            Html.If(notice is not null, $"<p class=\"notice\" role=\"status\">{notice}</p>"),
            Html.If(error is not null, $"<p class=\"error\" role=\"alert\">{error}</p>"),
        ]);
        var html = Html.Of(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title><style>{new Markup(Style)}</style></head>
            <body>{header}<main id="content">{messages}{body}</main></body></html>
            """);
        return new HtmlPage(html.Value, status);
    }

    public static Markup SimpleHeader => Html.Of($"<header><p><strong>Chama.Bot</strong> · officers' dashboard</p></header>");

    public static string Href(long chamaId, string path) => path.Length == 0 ? $"/dashboard/{chamaId}" : $"/dashboard/{chamaId}/{path}";

    /// <summary>The hidden antiforgery field every form carries.</summary>
    public static Markup Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Html.Of($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
    }

    public static string Roles(MemberRoles roles) => roles == MemberRoles.Member ? "member" : roles.ToString().ToLowerInvariant();

    public static string When(DateTimeOffset at) => at.ToOffset(NairobiTime.Offset).ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An HTML answer with the headers every dashboard page carries: no caching, no framing, no script.</summary>
    private sealed class HtmlPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            return response.WriteAsync(html);
        }
    }
}
