namespace Chama.Bot.Reports;

/// <summary>The reports a treasurer can download for one chama.</summary>
public enum CsvReport
{
    Contributions,
    RoundSummaries,
    Welfare,
    Disbursements,
    Loans,
}
