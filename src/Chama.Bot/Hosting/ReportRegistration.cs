using Chama.Bot.Reports;
using Chama.Data.Reports;

namespace Chama.Bot.Hosting;

public static class ReportRegistration
{
    /// <summary>CSV reports of a chama's ledger and of a member's statement (the dashboard serves them as downloads).</summary>
    public static IServiceCollection AddCsvReports(this IServiceCollection services)
    {
        services.AddSingleton<LedgerReports>();
        services.AddSingleton<Chama.Data.Loans.LoanRegister>();
        services.AddSingleton<CsvReports>();
        services.AddSingleton<StatementCsv>();
        return services;
    }
}
