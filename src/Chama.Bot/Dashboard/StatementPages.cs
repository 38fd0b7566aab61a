using Chama.Bot.Reports;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Ledger;

namespace Chama.Bot.Dashboard;

/// <summary>
/// A member's statement for the running cycle (<see cref="CycleStatement"/>), linked from the members page: a page with
/// every movement and the balance after it, the same as CSV, and a printable page with no navigation that prints
/// cleanly to PDF from the browser. Texts are the templates', in the officer's language.
/// </summary>
public static class StatementPages
{
    public static RouteGroupBuilder MapStatementPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/members/{memberId:long}/statement", (long memberId, HttpContext http) => PageAsync(memberId, http, printable: false));
        chama.MapGet("/members/{memberId:long}/statement/print", (long memberId, HttpContext http) => PageAsync(memberId, http, printable: true));
        chama.MapGet("/members/{memberId:long}/statement.csv", DownloadAsync);
        return chama;
    }

    public static string Href(long chamaId, long memberId, string suffix = "") => DashboardLayout.Href(chamaId, $"members/{memberId}/statement{suffix}");

    private static async Task<IResult> PageAsync(long memberId, HttpContext http, bool printable)
    {
        var seat = OfficerSeat.Of(http);
        if (await MemberOfAsync(http, seat, memberId) is not { } member)
        {
            return DashboardAccess.NotFound();
        }

        var texts = http.RequestServices.GetRequiredService<MessageTexts>();
        string Say(string part, CycleStatement? statement = null) => texts.Render(seat.Officer.Language, "statement_page", new
        {
            part,
            name = member.Name,
            seat = member.Seat,
            cycle = statement?.Cycle.Number ?? 0,
        });

        var statement = await StatementOfAsync(http, member);
        var body = statement is null
            ? Html.Of($"<p>{Say("none")}</p><p><a href=\"{DashboardLayout.Href(seat.Chama.Id, "members")}\">{Say("members")}</a></p>")
            : Html.Of(
                $"""
                <h2>{Say("title", statement)}</h2>
                <p>{Say("about")}</p>
                {Totals(statement, Say)}
                {Html.If(!printable, $"<p class=\"no-print\"><a href=\"{Href(seat.Chama.Id, member.Id, ".csv")}\" download>{Say("download")}</a> · <a href=\"{Href(seat.Chama.Id, member.Id, "/print")}\">{Say("print")}</a> · <a href=\"{DashboardLayout.Href(seat.Chama.Id, "members")}\">{Say("members")}</a></p>")}
                {Html.If(printable, $"<p class=\"no-print\">{Say("print_hint")}</p>")}
                {Table(statement, seat.Officer.Language, texts, Say)}
                """);
        return printable
            ? DashboardLayout.Page($"{member.Name} · {seat.Chama.Name}", Html.Of($"<p><strong>{seat.Chama.Name}</strong></p>"), body)
            : DashboardLayout.ChamaPage(http, seat, "members", body);
    }

    private static Markup Totals(CycleStatement statement, Func<string, CycleStatement?, string> say) => Html.Of(
        $"""
        <dl>
        <dt>{say("balance_now", null)}</dt><dd>{statement.Balance}</dd>
        <dt>{say("paid", null)}</dt><dd>{statement.Paid}</dd>
        <dt>{say("due", null)}</dt><dd>{statement.Due}</dd>
        <dt>{say("brought", null)}</dt><dd>{statement.BroughtForward}</dd>
        <dt>{say("welfare", null)}</dt><dd>{statement.WelfarePaid}</dd>
        <dt>{say("fines", null)}</dt><dd>{statement.FinesCharged}, {statement.FinesWaived}, {statement.FinesPaid}</dd>
        <dt>{say("received", null)}</dt><dd>{statement.PotsReceived}, {statement.WelfareReceived}</dd>
        </dl>
        """);

    private static Markup Table(CycleStatement statement, Language language, MessageTexts texts, Func<string, CycleStatement?, string> say)
    {
        var rows = Markup.Join(statement.Lines.Select(line =>
        {
            var movement = line.Movement;
            var kind = texts.Render(language, "statement_kind", new { kind = movement.Kind.ToString(), voluntary = movement.Voluntary });
            var how = StatementTexts.Route(texts, language, movement);
            return Html.Of(
                $"<tr><td>{DashboardLayout.When(movement.At)}</td><td>{kind}</td><td class=\"n\">{movement.Round}</td><td class=\"n\">{(movement.Effect.IsNegative ? "-" : "")}{movement.Amount}</td><td class=\"n\">{line.Balance}</td><td>{movement.Reference}</td><td>{how}</td></tr>");
        }));
        return Html.Of(
            $"""
            <div class="table" role="region" tabindex="0" aria-label="{say("title", statement)}"><table><thead><tr>
            <th scope="col">{say("date", null)}</th><th scope="col">{say("movement", null)}</th><th class="n" scope="col">{say("round", null)}</th><th class="n" scope="col">{say("amount", null)}</th><th class="n" scope="col">{say("balance", null)}</th><th scope="col">{say("reference", null)}</th><th scope="col">{say("how", null)}</th>
            </tr></thead><tbody>{rows}</tbody></table></div>
            """);
    }

    private static async Task<IResult> DownloadAsync(long memberId, HttpContext http, TimeProvider clock, StatementCsv csv)
    {
        var seat = OfficerSeat.Of(http);
        if (await MemberOfAsync(http, seat, memberId) is not { } member || await StatementOfAsync(http, member) is not { } statement)
        {
            return DashboardAccess.NotFound();
        }

        return new CsvDownload(StatementCsv.ContentDisposition(seat.Chama, member, NairobiTime.Today(clock)), output => csv.WriteAsync(statement, output, http.RequestAborted));
    }

    /// <summary>A member of the officer's own chama, or null: another chama's member is not found here.</summary>
    private static async Task<Member?> MemberOfAsync(HttpContext http, OfficerSeat seat, long memberId) =>
        await http.RequestServices.GetRequiredService<ChamaStore>().FindMemberAsync(memberId, http.RequestAborted) is { } member && member.ChamaId == seat.Chama.Id
            ? member
            : null;

    private static Task<CycleStatement?> StatementOfAsync(HttpContext http, Member member) =>
        http.RequestServices.GetRequiredService<CycleStatements>().FindAsync(member, NairobiTime.Today(http.RequestServices.GetRequiredService<TimeProvider>()), http.RequestAborted);

    /// <summary>The statement as an attachment, with the headers every dashboard answer carries (it holds a member's money).</summary>
    private sealed class CsvDownload(string contentDisposition, Func<Stream, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = CsvFileNames.ContentType;
            response.Headers.ContentDisposition = contentDisposition;
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            await write(response.Body);
        }
    }
}
