using Chama.Bot.Channels.Twilio;
using Chama.Core;

namespace Chama.Bot.Channels.WhatsApp;

public static class WhatsAppEndpoints
{
    /// <summary><c>POST /webhooks/whatsapp</c>: Twilio's inbound WhatsApp webhook, signature-checked, answered with TwiML.</summary>
    public static IEndpointRouteBuilder MapWhatsApp(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks/whatsapp").AddEndpointFilter<TwilioSignatureFilter>().DisableAntiforgery();
        group.MapPost("", ReceiveAsync);
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, WhatsAppConversation conversation, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var messageSid = form["MessageSid"].ToString();
        if (messageSid.Length is 0 or > 64 || !PhoneNumber.TryParse(form["From"].ToString(), out var phone, out _))
        {
            return Results.BadRequest("MessageSid and a WhatsApp From number are required.");
        }

        // A tapped button routes by its payload (our menu key); text and media-only messages by their body.
        var payload = form["ButtonPayload"].ToString();
        var text = payload.Length > 0 ? payload : form["Body"].ToString();
        return await conversation.HandleAsync(messageSid, phone, text, cancellationToken) is { } reply ? TwiML.Message(reply) : TwiML.Empty();
    }
}
