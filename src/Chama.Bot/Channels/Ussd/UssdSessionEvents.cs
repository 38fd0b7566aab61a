using System.Globalization;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Ussd;

namespace Chama.Bot.Channels.Ussd;

/// <summary>
/// <c>POST /webhooks/ussd/{token}/events</c>: Africa's Talking's end-of-session notification. It is recorded and closes
/// the session's state; it is never run as a hop (its <c>input</c> is the whole session's keys, a PIN included, and is
/// neither acted on nor kept) and never counts against the phone's rate limit. Always 200: the gateway only needs to
/// know it arrived, and a notification we cannot use is not worth its retries.
/// </summary>
public static partial class UssdSessionEvents
{
    private static readonly string[] Statuses = ["Success", "Incomplete", "Failed"];

    public static async Task<IResult> ReceiveAsync(HttpRequest request, UssdSessionEnds ends, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Chama.Bot.Ussd");
        var form = await UssdHop.ReadFormAsync(request, cancellationToken);
        var sessionId = Field(form, "sessionId", UssdHop.MaxSessionId);
        if (form is null || sessionId.Length == 0)
        {
            LogUnusable(logger);
            return Results.Ok();
        }

        var phone = PhoneNumber.TryParse(form["phoneNumber"].ToString(), out var parsed, out _) ? parsed : null;
        var status = Field(form, "status", 16) is var given && Statuses.Contains(given, StringComparer.Ordinal) ? given : "Unknown";
        var end = new UssdSessionEnd(
            sessionId,
            phone?.E164 ?? "",
            Field(form, "serviceCode", 32),
            Field(form, "networkCode", 16),
            status,
            Number(form, "durationInMillis"),
            Number(form, "hopsCount"),
            NullIfEmpty(Field(form, "errorMessage", 500)),
            NullIfEmpty(Field(form, "cost", 32)),
            Field(form, "date", 32));
        await ends.RecordAsync(end, cancellationToken);
        LogEnded(logger, status, phone?.Masked ?? "unknown phone");
        return Results.Ok();
    }

    /// <summary>The field as one clean line (no control or bidi characters, which PostgreSQL may refuse), cut to <paramref name="max"/>.</summary>
    private static string Field(IFormCollection? form, string name, int max) => TextInput.Cut(TextInput.Line(form?[name].ToString()), max);

    private static long? Number(IFormCollection form, string name) =>
        long.TryParse(form[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "USSD session ended ({Status}) for {Phone}")]
    private static partial void LogEnded(ILogger logger, string status, string phone);

    [LoggerMessage(Level = LogLevel.Information, Message = "USSD end-of-session notification without a usable sessionId ignored")]
    private static partial void LogUnusable(ILogger logger);
}
