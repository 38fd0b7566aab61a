using Chama.Bot.Hosting;
using Chama.Conversations;
using Chama.Conversations.Texts;
using Chama.Core;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Channels.Ussd;

/// <summary>
/// Africa's Talking's USSD callbacks, on <c>/webhooks/ussd/{token}</c>: Africa's Talking does not sign them, so the URL
/// holds a secret (<see cref="CallbackGuard"/>). Behind the guard every answer is <c>200 text/plain</c>, <c>CON …</c> or
/// <c>END …</c>, whatever arrives: the gateway shows a member a network error for anything else.
/// </summary>
public static partial class UssdEndpoints
{
    /// <summary>The USSD protocol's screen limit.</summary>
    public const int MaxScreen = 182;

    /// <summary>The door's secret: <c>Ussd:CallbackToken</c> and <c>Ussd:AllowedCallbackIps</c>.</summary>
    public static readonly CallbackGuard Guard = new("USSD", services =>
    {
        var settings = services.GetRequiredService<IOptionsMonitor<UssdOptions>>().CurrentValue;
        return new CallbackSecret(settings.CallbackToken, [.. settings.AllowedCallbackIps]);
    });

    /// <summary><c>POST /webhooks/ussd/{token}</c>: one hop of a session; <c>POST …/events</c>: the end-of-session notification.</summary>
    public static RouteGroupBuilder MapUssd(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks/ussd/{token}").AddEndpointFilter(Guard).DisableAntiforgery().LimitPerAddress(AddressLimitAnswer.Ussd);
        group.MapPost("", ReceiveAsync);
        group.MapPost("/events", UssdSessionEvents.ReceiveAsync);
        return group;
    }

    /// <summary>An <c>END</c> screen of <paramref name="key"/> in English: whoever sent it is not known yet.</summary>
    public static IResult End(MessageTexts texts, string key) => Answer(Screen(texts.Render(Language.En, key, ussd: true), ends: true, logger: null));

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request, ConversationEngine engine, PhoneRateLimiter limiter, MessageTexts texts, IOptionsMonitor<UssdOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Chama.Bot.Ussd");
        var (hop, refusal) = await UssdHop.ReadAsync(request, options.CurrentValue.ServiceCode, cancellationToken);
        if (hop is null)
        {
            LogUnusable(logger, refusal!);
            return End(texts, "ussd_unreadable");
        }

        // The service code is a Kenyan one: a line from elsewhere cannot have dialled it as a member would, and is told to
        // use WhatsApp, where members abroad are served. Nothing runs.
        if (!hop.Phone.IsKenyan)
        {
            LogUnusable(logger, "a line outside Kenya");
            return End(texts, "ussd_kenya_only");
        }

        if (!limiter.TryAcquire(hop.Phone))
        {
            return End(texts, "rate_limited");
        }

        // The engine names the hop (its step key) itself, from the input with any PIN hidden: nothing here holds the raw text longer.
        var reply = await engine.HandleAsync(new Inbound(Channel.Ussd, hop.SessionId, hop.Phone, hop.Text, MessageId: hop.SessionId), cancellationToken);
        return Answer(Screen(reply.Text, reply.EndsSession, logger));
    }

    private static IResult Answer(string screen) => Results.Text(screen, "text/plain", System.Text.Encoding.UTF8);

    private static string Screen(string text, bool ends, ILogger? logger)
    {
        var screen = (ends ? "END " : "CON ") + text;
        if (screen.Length > MaxScreen)
        {
            // Every screen is tested to fit; this guard keeps a gateway from dropping the session if one ever does not.
            if (logger is not null)
            {
                LogTooLong(logger, screen.Length);
            }

            screen = screen[..(MaxScreen - 1)] + ".";
        }

        return screen;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "USSD screen of {Length} characters cut to fit")]
    private static partial void LogTooLong(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "USSD hop not run: {Reason}")]
    private static partial void LogUnusable(ILogger logger, string reason);
}
