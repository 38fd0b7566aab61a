using Chama.Bot.Channels;
using Chama.Bot.Channels.Twilio;
using Chama.Bot.Channels.WhatsApp;
using Chama.Bot.Demo;
using Chama.Bot.Payments;
using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Conversations;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Data.Payments;
using Microsoft.AspNetCore.Http.Features;

namespace Chama.Bot.Hosting;

public static class ConversationRegistration
{
    /// <summary>The conversation engine and the member channels.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section));
        // Webhook forms are small: a huge or many-fielded body is refused before it costs anything.
        services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 256;
            form.ValueLengthLimit = 16 * 1024;
            form.KeyLengthLimit = 256;
            form.MultipartBodyLengthLimit = 64 * 1024;
        });

        services.AddSingleton(_ => MessageTexts.LoadEmbedded());
        services.AddSingleton<SessionStore>();
        services.AddSingleton<InboundMessageLog>();
        services.AddSingleton<MemberStatements>();
        services.AddSingleton<CycleStatements>();
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<ConversationServices>();
        services.AddSingleton<ConversationEngine>();
        services.AddSingleton<PhoneRateLimiter>();
        services.AddSingleton<WhatsAppConversation>();
        services.AddSingleton<TwilioSignatureFilter>();

        return services;
    }
}
