using Chama.Data;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Fines;
using Chama.Data.Founding;
using Chama.Data.Ledger;
using Chama.Data.Postgres;
using Chama.Data.Sqlite;
using Chama.Data.Swaps;
using Chama.Data.Welfare;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Hosting;

public static class DataRegistration
{
    public const string DefaultConnectionString = "Data Source=data/chama.db";

    /// <summary>The database chosen by <c>Database:Provider</c>, migrated before the host takes requests, and the stores.</summary>
    public static IServiceCollection AddChamaData(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("Chama") ?? DefaultConnectionString;
        long? maxSizeBytes = configuration.GetValue<long?>("Database:MaxSizeMegabytes") switch
        {
            null => null,
            > 0 and var megabytes => megabytes * 1024 * 1024,
            _ => throw new InvalidOperationException("Database:MaxSizeMegabytes must be a positive number of megabytes."),
        };
        Func<IDatabase> open = provider switch
        {
            _ when provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => () => new SqliteDatabase(connectionString, maxSizeBytes),
            // The cap is SQLite's file size; a PostgreSQL server's space is bounded by its own settings and quotas.
            _ when provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) && maxSizeBytes is not null =>
                throw new InvalidOperationException("Database:MaxSizeMegabytes caps a SQLite file; leave it unset for Postgres."),
            _ when provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) => () => new PostgresDatabase(connectionString),
            _ => throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres."),
        };

        services.AddSingleton(TimeProvider.System);
        // Conversation steps see their own durable writes through it, to know how their session must be saved.
        services.AddSingleton<IDatabase>(_ => new Chama.Data.Conversations.StepWritesDatabase(open()));
        services.AddSingleton<DatabaseOutage>();
        services.AddHostedService<MigrateOnStart>();
        services.AddSingleton<ChamaStore>();
        services.AddSingleton<ConstitutionStore>();
        services.AddSingleton<CycleStore>();
        services.AddSingleton<ContributionLedger>();
        services.AddSingleton<WelfareLedger>();
        services.AddSingleton<Chama.Data.Accounts.AccountStore>();
        services.AddSingleton<FineStore>();
        services.AddSingleton<MemberExitStore>();
        services.AddSingleton<CycleJoinStore>();
        services.AddSingleton<Chama.Data.MemberChanges.MemberChangeStore>();
        services.AddSingleton<Chama.Data.Disbursements.PayoutStatementStore>();
        services.AddSingleton<SeatSwapStore>();
        services.AddSingleton<Chama.Data.Recording.RecordedPayments>();
        services.AddSingleton<Chama.Data.Recording.PaymentDisputes>();
        services.AddSingleton<Chama.Data.Recording.PaymentCorrections>();
        // Onboarding:Open and Onboarding:RequireApproval: whether phones found chamas themselves, and whether the operator approves each.
        services.AddOptions<OnboardingOptions>().Bind(configuration.GetSection(OnboardingOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OnboardingOptions>>().Value);
        services.AddSingleton<FoundingStore>();
        services.AddSingleton<Chama.Data.Invitations.InvitationStore>();
        services.AddSingleton<Chama.Data.Loans.LoanRequests>();
        services.AddSingleton<Chama.Data.ShareOuts.ShareOutStore>();
        services.AddSingleton<Chama.Data.Loans.LoanCharges>();
        services.AddSingleton<Chama.Data.Loans.LoanRecoveries>();
        services.AddSingleton<Chama.Data.Savings.SavingsAccounts>();
        return services;
    }

    /// <summary>Runs first among hosted services, so the schema is in place before anything else starts.</summary>
    private sealed class MigrateOnStart(IDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
