using Chama.Bot.Notifications;

namespace Chama.Bot.Sessions;

public static class SessionRegistration
{
    /// <summary>The purge of expired conversation sessions; it runs on its own timer with the other background passes.</summary>
    public static IServiceCollection AddSessionPurge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SessionPurge>();
        if (configuration.GetSection(NotificationOptions.Section).GetValue(nameof(NotificationOptions.Background), true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<SessionPurge>());
        }

        return services;
    }
}
