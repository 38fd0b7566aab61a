using Chama.Mpesa.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Chama.Mpesa;

public static class MpesaRegistration
{
    /// <summary>
    /// The Daraja client over <see cref="IHttpClientFactory"/>: a retrying client for the token and the queries, and a
    /// plain one, with a timeout but no retry, for payment and payout requests.
    /// </summary>
    public static IServiceCollection AddDaraja(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MpesaOptions>().Bind(configuration.GetSection(MpesaOptions.Section));
        services.AddHttpClient(DarajaClient.RetryingClient).AddStandardResilienceHandler();
        services.AddHttpClient(DarajaClient.PaymentClient, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<DarajaTokenSource>();
        services.AddSingleton<DarajaClient>();
        return services;
    }
}
