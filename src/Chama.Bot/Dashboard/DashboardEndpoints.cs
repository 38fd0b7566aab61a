using Chama.Data;
using Chama.Data.Dashboard;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Dashboard;

/// <summary>The officers' dashboard at <c>/dashboard</c>: sign-in, then one set of pages per chama the officer serves.</summary>
public static class DashboardEndpoints
{
    /// <summary>The channel the audit trail names for changes made here.</summary>
    public const string Channel = "dashboard";

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddDashboardAuth();
        services.AddSingleton<KeyRingStore>();
        services.AddDataProtection().SetApplicationName("Chama.Bot");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DatabaseKeyRing(provider.GetRequiredService<KeyRingStore>())));
        services.AddSingleton<SignInCodes>();
        services.AddSingleton<SignedOutSessions>();
        services.AddSingleton<AuditTrail>();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup("/dashboard")
            .AddEndpointFilter(DashboardAccess.Authenticate)
            .AddEndpointFilter(DashboardAccess.RequireAntiforgery);
        dashboard.MapSignIn();
        dashboard.MapFoundingPages();

        var chama = dashboard.MapGroup("/{chamaId:long}").AddEndpointFilter(DashboardAccess.RequireOfficer);
        chama.MapRoundPages();
        chama.MapFundPages();
        chama.MapAccountPages();
        chama.MapApprovalPages();
        chama.MapMemberPages();
        chama.MapInvitationPages();
        chama.MapStatementPages();
        chama.MapRecordPages();
        chama.MapPaymentPages();
        chama.MapReportPages();
        chama.MapPinPages();
        chama.MapShareOutPages();
        return endpoints;
    }
}
