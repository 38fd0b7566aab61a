using System.Net;
using Chama.Mpesa.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

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
        services.AddHttpClient(DarajaClient.RetryingClient).AddStandardResilienceHandler(resilience =>
        {
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        });
        services.AddHttpClient(DarajaClient.PaymentClient, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<DarajaTokenSource>();
        services.AddSingleton<DarajaClient>();
        return services;
    }

    /// <summary>
    /// Daraja answers with HTTP 500 and an error envelope when it refuses for a business reason ("The transaction is
    /// being processed", wrong credentials, spike arrest). Those are answers, not transient faults: retrying them would
    /// hold a pending STK query for the whole backoff and add to the rate that trips spike arrest.
    /// </summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.InternalServerError && HttpClientResiliencePredicates.IsTransient(outcome);
}
