using Chama.Bot.Channels.Twilio;
using Chama.Bot.Notifications;
using Chama.Data.Outbox;

namespace Chama.Bot.Hosting;

public static class NotificationRegistration
{
    /// <summary>
    /// The reminder scheduler, the late-fine scheduler and the seat-swap lapse scheduler, which queue into the outbox, the
    /// invitation lapse scheduler, and, when Twilio credentials and a sender number are
    /// configured, the worker that sends the outbox through Twilio. Without them messages stay queued (the development
    /// simulator reads them from the outbox).
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section));
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<DeliveryStatuses>();
        services.AddSingleton<ReminderNotices>();
        services.AddSingleton<ReminderScheduler>();
        services.AddSingleton<FineScheduler>();
        services.AddSingleton<LoanReminders>();
        services.AddSingleton<LoanScheduler>();
        services.AddSingleton<SwapLapseScheduler>();
        services.AddSingleton<InvitationLapseScheduler>();
        services.AddSingleton<Backoff>();
        services.AddTransient<TwilioApiRedirect>();
        services.AddHttpClient(TwilioMessages.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .AddHttpMessageHandler<TwilioApiRedirect>();
        services.AddSingleton<TwilioMessages>();
        services.AddSingleton<OutboxSender>();

        var background = configuration.GetSection(NotificationOptions.Section).GetValue(nameof(NotificationOptions.Background), true);
        if (background)
        {
            services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
            services.AddHostedService(sp => sp.GetRequiredService<FineScheduler>());
            services.AddHostedService(sp => sp.GetRequiredService<LoanScheduler>());
            services.AddHostedService(sp => sp.GetRequiredService<SwapLapseScheduler>());
            services.AddHostedService(sp => sp.GetRequiredService<InvitationLapseScheduler>());
            var twilio = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
            if (twilio.CanSend)
            {
                services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
            }
        }

        return services;
    }
}
