using Chama.Bot.Notifications;

namespace Chama.Bot.Founding;

public static class FoundingRegistration
{
    /// <summary>The expiry of abandoned chama set-ups, on its own timer with the other background passes.</summary>
    public static IServiceCollection AddFounding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SetupExpiry>();
        if (configuration.GetSection(NotificationOptions.Section).GetValue(nameof(NotificationOptions.Background), true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<SetupExpiry>());
        }

        return services;
    }
}
