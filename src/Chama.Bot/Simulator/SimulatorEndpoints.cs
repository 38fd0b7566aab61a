using Chama.Bot.Channels;
using Chama.Bot.Channels.Ussd;
using Chama.Bot.Channels.WhatsApp;
using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;

namespace Chama.Bot.Simulator;

/// <summary>
/// Development only: a page where a person picks a demo member and chats as on WhatsApp or dials the USSD code on a
/// feature-phone screen. Messages go through the same conversation code as the webhooks (without the provider's
/// signature, which a browser cannot make); messages the bot sends first (receipts) are read from the outbox.
/// </summary>
public static class SimulatorEndpoints
{
    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/simulator");
        group.MapGet("", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        group.MapGet("/api/members", MembersAsync);
        group.MapPost("/api/whatsapp", WhatsAppAsync);
        group.MapPost("/api/ussd", UssdAsync);
        group.MapGet("/api/messages", MessagesAsync);
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

    public sealed record UssdHop(string SessionId, string Phone, string Text);

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(SimulatorEndpoints).Assembly.GetManifestResourceStream("Chama.Bot.Simulator.simulator.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static async Task<IResult> MembersAsync(ChamaStore chamas, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var list = new List<object>();
        foreach (var chama in await chamas.GetChamasAsync(cancellationToken))
        {
            foreach (var member in await chamas.GetMembersAsync(chama.Id, cancellationToken))
            {
                list.Add(new { member.Name, Phone = member.Phone.E164, Chama = chama.Name, member.Seat, Officer = member.IsOfficer });
            }
        }

        return Results.Ok(new { Members = list, ServiceCode = configuration["Ussd:ServiceCode"] ?? "*384*123#" });
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

    private static async Task<IResult> UssdAsync(
        UssdHop hop, ConversationEngine engine, PhoneRateLimiter limiter, MessageTexts texts, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.TryParse(hop.Phone, out var phone, out var error) || string.IsNullOrWhiteSpace(hop.SessionId))
        {
            return Results.BadRequest(error);
        }

        var screen = await UssdEndpoints.HandleAsync(hop.SessionId, phone, hop.Text ?? "", engine, limiter, texts, loggers.CreateLogger("Chama.Bot.Simulator"), cancellationToken);
        return Results.Ok(new { Screen = screen });
    }

    private static async Task<IResult> MessagesAsync(string phone, long? after, Outbox outbox, CancellationToken cancellationToken) =>
        PhoneNumber.TryParse(phone, out var parsed, out var error)
            ? Results.Ok(await outbox.ListForPhoneAsync(parsed, after ?? 0, cancellationToken))
            : Results.BadRequest(error);
}
