using Chama.Bot.Channels.Twilio;
using Chama.Data.Outbox;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Chama.Bot.Notifications;

/// <summary>How one outbox row goes to Twilio: which channel and sender, free text or an approved template.</summary>
public static class OutgoingMessage
{
    public const string StatusPath = "/webhooks/whatsapp/status";

    /// <summary>
    /// WhatsApp, unless the member prefers SMS (or WhatsApp has no sender configured). Outside the 24-hour window a WhatsApp
    /// message goes as its Content template when one is configured for the row's template key; otherwise as text.
    /// </summary>
    public static (DeliveryChannel Channel, CreateMessageOptions Options) Build(ClaimedMessage message, TwilioOptions twilio, bool windowOpen)
    {
        var sms = twilio.SmsFrom.Length > 0 && (message.PrefersSms || twilio.WhatsAppFrom.Length == 0);
        var prefix = sms ? "" : "whatsapp:";
        var options = new CreateMessageOptions(new PhoneNumber(prefix + message.Phone))
        {
            From = new PhoneNumber(prefix + (sms ? twilio.SmsFrom : twilio.WhatsAppFrom)),
            StatusCallback = StatusCallback(twilio, message.Id),
        };

        if (!sms && !windowOpen && message is { Template: { } key, VariablesJson: { } variables } && twilio.ContentSids.TryGetValue(key, out var contentSid))
        {
            options.ContentSid = contentSid;
            options.ContentVariables = variables;
        }
        else
        {
            options.Body = TwiML.Fit(message.Body);
        }

        return (sms ? DeliveryChannel.Sms : DeliveryChannel.WhatsApp, options);
    }

    /// <summary>
    /// The status webhook, naming the outbox row: a callback then shows Twilio accepted the row even if the sender died
    /// before recording the MessageSid. Null without a public URL (Twilio could not reach us).
    /// </summary>
    private static Uri? StatusCallback(TwilioOptions twilio, long outboxId) =>
        twilio.PublicBaseUrl.Length > 0 ? new Uri($"{twilio.PublicBaseUrl.TrimEnd('/')}{StatusPath}?outbox={outboxId}") : null;
}
