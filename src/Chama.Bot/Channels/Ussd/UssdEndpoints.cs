using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Bot.Channels.Ussd;

public static partial class UssdEndpoints
{
    /// <summary>The USSD protocol's screen limit.</summary>
    public const int MaxScreen = 182;

    /// <summary><c>POST /webhooks/ussd</c>: Africa's Talking's session callback, answered <c>CON …</c> or <c>END …</c>.</summary>
    public static IEndpointRouteBuilder MapUssd(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/ussd", ReceiveAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Runs one USSD hop and returns the screen (<c>CON …</c> or <c>END …</c>); shared by the webhook and the simulator.</summary>
    public static async Task<string> HandleAsync(
        string sessionId, PhoneNumber phone, string text, ConversationEngine engine, PhoneRateLimiter limiter, MessageTexts texts, ILogger logger, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquire(phone))
        {
            return Screen(texts.Render(Language.En, "rate_limited", ussd: true), ends: true, logger);
        }

        var reply = await engine.HandleAsync(new Inbound(Channel.Ussd, sessionId, phone, text, $"{sessionId}:{text}"), cancellationToken);
        return Screen(reply.Text, reply.EndsSession, logger);
    }

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request, ConversationEngine engine, PhoneRateLimiter limiter, MessageTexts texts, IConfiguration configuration, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Results.BadRequest("Expected a form post.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var sessionId = form["sessionId"].ToString();
        var text = form["text"].ToString();
        var serviceCode = configuration["Ussd:ServiceCode"] ?? "";
        if (sessionId.Length is 0 or > 100 || text.Length > 500 || !PhoneNumber.TryParse(form["phoneNumber"].ToString(), out var phone, out _))
        {
            return Results.BadRequest("sessionId, phoneNumber and text are required.");
        }

        if (serviceCode.Length > 0 && form["serviceCode"].ToString() != serviceCode)
        {
            return Results.BadRequest("Unknown service code.");
        }

        var screen = await HandleAsync(sessionId, phone, text, engine, limiter, texts, loggers.CreateLogger("Chama.Bot.Ussd"), cancellationToken);
        return Results.Text(screen, "text/plain", System.Text.Encoding.UTF8);
    }

    private static string Screen(string text, bool ends, ILogger logger)
    {
        var screen = (ends ? "END " : "CON ") + text;
        if (screen.Length > MaxScreen)
        {
            // Every screen is tested to fit; this guard keeps a gateway from dropping the session if one ever does not.
            LogTooLong(logger, screen.Length);
            screen = screen[..(MaxScreen - 1)] + ".";
        }

        return screen;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "USSD screen of {Length} characters cut to fit")]
    private static partial void LogTooLong(ILogger logger, int length);
}
