using Chama.Bot.Reports;
using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>The chama's CSV reports: a page that lists them, and each one as a download taken from the ledger as it stands.</summary>
public static class ReportPages
{
    /// <summary>What each report holds, in the words a treasurer would use; in the order of <see cref="CsvReport"/>.</summary>
    private static readonly (CsvReport Report, string Title, string Description)[] Reports =
    [
        (CsvReport.Contributions, "Contributions",
            "Every payment into a pot, oldest first: the member, the round, the amount, what was carried to the next round, the M-Pesa receipt and how it came."),
        (CsvReport.RoundSummaries, "Round summaries",
            "Every round of every cycle: the recipient, expected, collected and remaining, how many members still owe, and the pot's payout."),
        (CsvReport.Welfare, "Welfare fund",
            "The welfare fund's statement: contributions, fines paid, requests and payouts, with the balance after every line."),
        (CsvReport.Disbursements, "Disbursements",
            "Every M-Pesa payout attempt, pots and welfare: the recipient, the amount, its status and the M-Pesa transaction id."),
        (CsvReport.Loans, "Loans",
            "Every movement on every loan, oldest first: the payout, each month's interest and each penalty charged, and each repayment or recovery with how it was split (penalty, interest, principal)."),
    ];

    public static RouteGroupBuilder MapReportPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/reports", ReportsPage);
        chama.MapGet("/export/{report}.csv", Download);
        return chama;
    }

    public static string DownloadHref(long chamaId, CsvReport report) => DashboardLayout.Href(chamaId, $"export/{CsvFileNames.Slug(report)}.csv");

    private static IResult ReportsPage(HttpContext http, TimeProvider clock)
    {
        var seat = OfficerSeat.Of(http);
        var today = NairobiTime.Today(clock);
        var items = Markup.Join(Reports.Select(r => Html.Of(
            $"""
            <section aria-labelledby="r-{CsvFileNames.Slug(r.Report)}"><h2 id="r-{CsvFileNames.Slug(r.Report)}">{r.Title}</h2><p>{r.Description}</p>
            <p><a href="{DownloadHref(seat.Chama.Id, r.Report)}" download>Download {r.Title.ToLowerInvariant()}</a> ({CsvFileNames.FileName(seat.Chama, r.Report, today)})</p></section>
            """)));
        var body = Html.Of(
            $"""
            <p>Each report is a CSV file for a spreadsheet, taken from the ledger as it stands when you download it: amounts in
            {seat.Chama.Currency} as plain numbers ({Money.Major(1500, seat.Chama.Currency).FormatPlain()}), dates and times in Nairobi time, past members included.</p>
            {items}
            """);
        return DashboardLayout.ChamaPage(http, seat, "reports", body);
    }

    private static IResult Download(string report, HttpContext http, CsvReports reports, TimeProvider clock) =>
        CsvFileNames.TryParse(report, out var which)
            ? new CsvDownload(OfficerSeat.Of(http).Chama, which, NairobiTime.Today(clock), reports)
            : DashboardAccess.NotFound();

    /// <summary>
    /// The report streamed into the response as an attachment, with the headers every dashboard answer carries (no
    /// caching: it holds members' names and money). The ledger is read before the first byte, so a failure is a 500, not
    /// half a file.
    /// </summary>
    private sealed class CsvDownload(ChamaGroup chama, CsvReport report, DateOnly asOf, CsvReports reports) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = CsvFileNames.ContentType;
            response.Headers.ContentDisposition = CsvFileNames.ContentDisposition(chama, report, asOf);
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            await reports.WriteAsync(chama.Id, report, response.Body, httpContext.RequestAborted);
        }
    }
}
