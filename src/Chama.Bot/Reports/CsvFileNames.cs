using System.Globalization;
using Chama.Core;
using Microsoft.Net.Http.Headers;

namespace Chama.Bot.Reports;

/// <summary>How reports are named in a URL (<c>round-summaries</c>) and as a downloaded file.</summary>
public static class CsvFileNames
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly Dictionary<CsvReport, string> Slugs = new()
    {
        [CsvReport.Contributions] = "contributions",
        [CsvReport.RoundSummaries] = "round-summaries",
        [CsvReport.Welfare] = "welfare",
        [CsvReport.Disbursements] = "disbursements",
        [CsvReport.Loans] = "loans",
    };

    public static string Slug(CsvReport report) => Slugs[report];

    /// <summary>The report a URL segment names (<c>welfare</c>, <c>round-summaries</c>); false for anything else.</summary>
    public static bool TryParse(string? slug, out CsvReport report)
    {
        foreach (var (candidate, name) in Slugs)
        {
            if (string.Equals(name, slug, StringComparison.OrdinalIgnoreCase))
            {
                report = candidate;
                return true;
            }
        }

        report = default;
        return false;
    }

    /// <summary><c>umoja-contributions-2026-01-10.csv</c>: the chama, the report and the day it was taken.</summary>
    public static string FileName(ChamaGroup chama, CsvReport report, DateOnly asOf) =>
        $"{chama.Code.ToLowerInvariant()}-{Slug(report)}-{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";

    /// <summary>The <c>Content-Disposition</c> value that makes a browser save the report under <see cref="FileName"/>.</summary>
    public static string ContentDisposition(ChamaGroup chama, CsvReport report, DateOnly asOf) =>
        new ContentDispositionHeaderValue("attachment") { FileName = FileName(chama, report, asOf) }.ToString();
}
