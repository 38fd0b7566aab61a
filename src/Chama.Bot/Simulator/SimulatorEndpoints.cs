using Chama.Bot.Channels;
using Chama.Bot.Channels.Ussd;
using Chama.Bot.Channels.WhatsApp;
using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Invitations;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Simulator;

/// <summary>
/// Development only: a page where a person picks a demo member and chats as on WhatsApp or dials the USSD code on a
/// feature-phone screen. WhatsApp messages go through the same conversation code as the webhook (without Twilio's
/// signature, which a browser cannot make); USSD goes through the USSD webhook itself, with this host's token; messages
/// the bot sends first (receipts) are read from the outbox. It speaks as any member and shows the USSD token, so it
/// answers loopback callers only.
/// </summary>
public static class SimulatorEndpoints
{
    public static WebApplication MapSimulator(this WebApplication endpoints)
    {
        endpoints.UseLoopbackOnly("/simulator");
        var group = endpoints.MapGroup("/simulator");
        group.MapGet("", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        group.MapGet("/api/members", MembersAsync);
        group.MapPost("/api/whatsapp", WhatsAppAsync);
        group.MapGet("/api/messages", MessagesAsync);
        group.MapGet("/api/number", (string phone) => PhoneNumber.TryParse(phone, out var parsed, out var error)
            ? Results.Ok(new { Phone = parsed.E164 })
            : Results.BadRequest(error));
        return endpoints;
    }

    /// <summary>Prints where the simulator is once the host listens, so whoever ran the bot knows where to go.</summary>
    public static void AnnounceSimulator(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in app.Urls)
            {
                Console.WriteLine($"Chama.Bot simulator: {address.TrimEnd('/')}/simulator");
            }
        });

    public sealed record WhatsAppMessage(string Phone, string Text);

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(SimulatorEndpoints).Assembly.GetManifestResourceStream("Chama.Bot.Simulator.simulator.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Every member of every chama, then the invitees still waiting to answer (to chat as them and accept).</summary>
    private static async Task<IResult> MembersAsync(
        ChamaStore chamas, InvitationStore invitations, TimeProvider clock, IOptionsMonitor<UssdOptions> ussd, CancellationToken cancellationToken)
    {
        var list = new List<object>();
        var now = clock.GetUtcNow();
        foreach (var chama in await chamas.GetChamasAsync(cancellationToken))
        {
            foreach (var member in await chamas.GetMembersAsync(chama.Id, cancellationToken))
            {
                list.Add(new { member.Name, Phone = member.Phone.E164, Chama = chama.Name, member.Seat, Officer = member.IsOfficer, Invited = false });
            }

            foreach (var open in (await invitations.ListAsync(chama.Id, cancellationToken)).Select(l => l.Invitation).Where(i => i.IsOpenAt(now)).OrderBy(i => i.Seat))
            {
                list.Add(new { Name = open.Name ?? open.Phone.E164, Phone = open.Phone.E164, Chama = chama.Name, open.Seat, Officer = false, Invited = true });
            }
        }

        // The page dials through the USSD webhook itself, on this host's secret path: it is served to loopback callers only.
        var settings = ussd.CurrentValue;
        var serviceCode = settings.ServiceCode is { Length: > 0 } code ? code : "*384*123#";
        return Results.Ok(new { Members = list, ServiceCode = serviceCode, UssdPath = $"/webhooks/ussd/{Uri.EscapeDataString(settings.CallbackToken)}" });
    }

    private static async Task<IResult> WhatsAppAsync(WhatsAppMessage message, WhatsAppConversation conversation, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.TryParse(message.Phone, out var phone, out var error))
        {
            return Results.BadRequest(error);
        }

        var reply = await conversation.HandleAsync($"SIM{Guid.NewGuid():N}", phone, message.Text ?? "", cancellationToken);
        return Results.Ok(new { Reply = reply ?? "" });
    }

    private static async Task<IResult> MessagesAsync(string phone, long? after, Outbox outbox, CancellationToken cancellationToken) =>
        PhoneNumber.TryParse(phone, out var parsed, out var error)
            ? Results.Ok(await outbox.ListForPhoneAsync(parsed, after ?? 0, cancellationToken))
            : Results.BadRequest(error);
}
