using Chama.Bot.Channels.Twilio;
using Chama.Bot.Hosting;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Bot.Channels.WhatsApp;

public static class WhatsAppEndpoints
{
    /// <summary>
    /// <c>POST /webhooks/whatsapp</c>: Twilio's inbound WhatsApp webhook, answered with TwiML; <c>POST …/status</c>: its
    /// delivery reports on what we sent, answered 204. Both signature-checked.
    /// </summary>
    public static IEndpointRouteBuilder MapWhatsApp(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks/whatsapp").AddEndpointFilter<TwilioSignatureFilter>().DisableAntiforgery().LimitPerAddress(AddressLimitAnswer.WhatsApp);
        group.MapPost("", ReceiveAsync);
        group.MapPost("/status", StatusAsync);
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

        var message = WhatsAppInput.Read(form);
        return await conversation.HandleAsync(messageSid, phone, message, cancellationToken) is { } reply ? TwiML.Message(reply) : TwiML.Empty();
    }

    /// <summary>Records a delivery report once per (MessageSid, status); <c>outbox</c> in the query is the row we sent.</summary>
    private static async Task<IResult> StatusAsync(HttpRequest request, DeliveryStatuses statuses, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var messageSid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString() is { Length: > 0 } given ? given : form["SmsStatus"].ToString();
        if (messageSid.Length is 0 or > 64 || status.Length is 0 or > 32)
        {
            return Results.BadRequest("MessageSid and MessageStatus are required.");
        }

        int? errorCode = int.TryParse(form["ErrorCode"].ToString(), out var code) ? code : null;
        long? outboxId = long.TryParse(request.Query["outbox"].ToString(), out var id) ? id : null;
        await statuses.RecordAsync(new DeliveryStatus(messageSid, status, errorCode, outboxId), cancellationToken);
        return Results.NoContent();
    }
}
