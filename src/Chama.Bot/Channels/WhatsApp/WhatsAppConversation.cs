using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data;
using Chama.Data.Chamas;
using Chama.Data.Conversations;

namespace Chama.Bot.Channels.WhatsApp;

/// <summary>
/// One WhatsApp message through the bot: rate limit, claim the MessageSid (a retried delivery gets the first answer and
/// acts on nothing) noting that the 24-hour window is open, run the conversation, keep the answer for retries. A message
/// with no text (a voice note, a picture, a location, …) is answered that only text is read, and leaves the member's
/// conversation where it was.
/// </summary>
public sealed class WhatsAppConversation(
    ConversationEngine engine, InboundMessageLog messages, PhoneRateLimiter limiter, MessageTexts texts, ChamaStore chamas)
{
    public const string Provider = "twilio";

    /// <summary>A plain text message (the simulator's).</summary>
    public Task<string?> HandleAsync(string messageSid, PhoneNumber phone, string text, CancellationToken cancellationToken) =>
        HandleAsync(messageSid, phone, new WhatsAppInput(text), cancellationToken);

    /// <summary>The reply to send, or null for a retry whose first delivery is still being answered.</summary>
    public async Task<string?> HandleAsync(string messageSid, PhoneNumber phone, WhatsAppInput message, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquire(phone))
        {
            return texts.Render(Language.En, "rate_limited");
        }

        var (claimed, earlierReply) = await messages.TryClaimAsync(Provider, messageSid, phone, cancellationToken);
        if (!claimed)
        {
            return earlierReply;
        }

        // The claim (with the 24-hour window) is committed before anything is acted on; the reply is kept in the same
        // commit as the session.
        var claim = new ClaimedInbound(Provider, messageSid);
        try
        {
            if (message.Text is not { } text)
            {
                var answer = await OnlyTextIsReadAsync(phone, cancellationToken);
                await messages.AnswerAsync(claim, answer, Durability.Deferred, cancellationToken);
                return answer;
            }

            var reply = await engine.HandleAsync(new Inbound(Channel.WhatsApp, phone.E164, phone, text, messageSid), claim, cancellationToken);
            return reply.Text;
        }
        catch (Exception failed) when (DatabaseUnavailable.Is(failed))
        {
            // Answered 503: Twilio's retry must find the message unanswered, not "seen".
            await ReleaseAsync(claim);
            throw;
        }
    }

    /// <summary>In the member's language; a phone of no chama is told how to join, as for any other message.</summary>
    private async Task<string> OnlyTextIsReadAsync(PhoneNumber phone, CancellationToken cancellationToken)
    {
        var memberships = await chamas.FindMembershipsAsync(phone, cancellationToken);
        return memberships.Count == 0
            ? texts.Render(Language.En, "not_member", new { phone = phone.E164 })
            : texts.Render(memberships[0].Language, "only_text");
    }

    private async Task ReleaseAsync(ClaimedInbound claim)
    {
        try
        {
            await messages.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception stillDown) when (DatabaseUnavailable.Is(stillDown))
        {
            // The claim stays; a retry takes it over once it is abandoned (InboundMessageLog.AbandonedAfter).
        }
    }
}
