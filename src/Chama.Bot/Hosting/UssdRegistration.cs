using System.Security.Cryptography;
using Chama.Bot.Channels.Ussd;
using Chama.Data.Ussd;

namespace Chama.Bot.Hosting;

public static class UssdRegistration
{
    /// <summary>
    /// Africa's Talking's USSD door: its settings and the record of ended sessions. In Development, a host without
    /// <c>Ussd:CallbackToken</c> makes a secret of its own for this process, as the local Daraja does for M-Pesa, and the
    /// simulator page posts through it; anywhere else the host does not start without one (<see cref="ChannelSwitches"/>).
    /// </summary>
    public static IServiceCollection AddUssd(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<UssdOptions>().Bind(configuration.GetSection(UssdOptions.Section));
        if (environment.IsDevelopment())
        {
            var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
            services.PostConfigure<UssdOptions>(options => options.CallbackToken = string.IsNullOrEmpty(options.CallbackToken) ? token : options.CallbackToken);
        }

        services.AddSingleton<UssdSessionEnds>();
        return services;
    }
}
