using Chama.Conversations.Texts;
using Chama.Bot.Channels.Mpesa;
using Chama.Bot.Demo;
using Chama.Bot.Payments;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Mpesa;
using Chama.Data.Payments;
using Chama.Mpesa;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Hosting;

public static class PaymentRegistration
{
    /// <summary>
    /// M-Pesa: Daraja when credentials are configured (or the local Daraja simulator with <c>Mpesa:Simulate</c>), the
    /// callback endpoints, and the workers that send pushes and payouts and settle what M-Pesa never answered. Without
    /// M-Pesa, pushes are refused politely and approved payouts wait.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddDaraja(configuration);
        services.AddSingleton<PaymentRequestStore>();
        services.AddSingleton<PaymentQueueSignal>();
        services.AddSingleton<Conversations.IPaymentQueueSignal>(sp => sp.GetRequiredService<PaymentQueueSignal>());
        services.AddSingleton<StkSettlements>();
        services.AddSingleton<PaybillPayments>();
        services.AddSingleton<Suspense>();
        services.AddSingleton<DisbursementStore>();
        services.AddSingleton<CallbackLog>();
        services.AddSingleton<MoneyNotices>();
        services.AddSingleton<MpesaCallbacks>();
        services.AddHostedService<PaymentDispatcher>();
        services.AddSingleton<OwnCallbackAddress>();
        services.AddSingleton<IPostConfigureOptions<MpesaOptions>>(sp => sp.GetRequiredService<OwnCallbackAddress>());
        services.AddHostedService(sp => sp.GetRequiredService<OwnCallbackAddress>());

        var mpesa = configuration.GetSection(MpesaOptions.Section);
        var simulate = mpesa.GetValue<bool>(nameof(MpesaOptions.Simulate));
        if (simulate && !environment.IsDevelopment())
        {
            // The simulator completes every push: anywhere but a developer's machine it would credit money never paid.
            throw new InvalidOperationException("Mpesa:Simulate runs the local Daraja simulator and is allowed only in Development.");
        }

        if (simulate)
        {
            services.AddLocalDaraja();
        }

        if (simulate || !string.IsNullOrEmpty(mpesa[nameof(MpesaOptions.ConsumerKey)]))
        {
            services.AddSingleton<IStkPushGateway, DarajaStkPush>();
            services.AddHostedService<StkReconciler>();
            services.AddHostedService<PayoutDispatcher>();
        }
        else
        {
            services.AddSingleton<IStkPushGateway, UnconfiguredStkPush>();
        }

        return services;
    }
}
