using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Conversations;
using Chama.Data.Outbox;

namespace Chama.Bot.Channels.WhatsApp;

/// <summary>
/// One WhatsApp message through the bot: rate limit, claim the MessageSid (a retried delivery gets the first answer and
/// acts on nothing), note that the member's 24-hour window is open, run the conversation, keep the answer for retries.
/// </summary>
public sealed class WhatsAppConversation(
    ConversationEngine engine, InboundMessageLog messages, DeliveryStatuses windows, PhoneRateLimiter limiter, MessageTexts texts)
{
    public const string Provider = "twilio";

    /// <summary>The reply to send, or null for a retry whose first delivery is still being answered.</summary>
    public async Task<string?> HandleAsync(string messageSid, PhoneNumber phone, string text, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquire(phone))
        {
            return texts.Render(Language.En, "rate_limited");
        }

        var (claimed, earlierReply) = await messages.TryClaimAsync(Provider, messageSid, cancellationToken);
        if (!claimed)
        {
            return earlierReply;
        }

        // The claim is committed before anything is acted on; the reply is kept in the same commit as the session. The
        // 24-hour window is noted alongside, independent of the conversation, so it shares a commit rather than adding one.
        var window = windows.RecordInboundAsync(phone, cancellationToken);
        var reply = await engine.HandleAsync(
            new Inbound(Channel.WhatsApp, phone.E164, phone, text, messageSid), new ClaimedInbound(Provider, messageSid), cancellationToken);
        await window;
        return reply.Text;
    }
}
