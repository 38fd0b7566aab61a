using Chama.Bot.Notifications;
using Chama.Data.Officers;

namespace Chama.Bot.Sessions;

public static class ConversationSafetyRegistration
{
    /// <summary>
    /// Officers' PINs for USSD decisions, and the purge of expired conversation sessions (on its own timer, with the other
    /// background passes).
    /// </summary>
    public static IServiceCollection AddConversationSafety(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OfficerPinStore>();
        services.AddSingleton<SessionPurge>();
        if (configuration.GetSection(NotificationOptions.Section).GetValue(nameof(NotificationOptions.Background), true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<SessionPurge>());
        }

        return services;
    }
}
