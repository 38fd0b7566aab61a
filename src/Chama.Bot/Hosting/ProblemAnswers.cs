using System.Globalization;
using Chama.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace Chama.Bot.Hosting;

/// <summary>
/// The last line of defence: a request that fails unexpectedly still gets an answer. A malformed request body is the
/// sender's fault (400). A database that cannot serve the request (gone, full, failing) is 503 with Retry-After, so that
/// Twilio, Africa's Talking and Daraja retry; its write was rolled back whole. Anything else is ours (500), logged
/// without the request's contents.
/// </summary>
public static partial class ProblemAnswers
{
    public static IApplicationBuilder UseProblemAnswers(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteAsync,
            // An unavailable database is logged once, as a warning, by WriteAsync; not again with a stack trace per request.
            SuppressDiagnosticsCallback = context => DatabaseUnavailable.Is(context.Exception),
        });

    public static async Task WriteAsync(HttpContext context)
    {
        var handled = context.Features.Get<IExceptionHandlerFeature>();
        var failure = handled?.Error;
        if (DatabaseUnavailable.Is(failure))
        {
            context.RequestServices.GetRequiredService<DatabaseOutage>().Failed();
            // The route's pattern, not the path: an M-Pesa callback's path holds the secret token.
            var route = (handled!.Endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "an unrouted request";
            LogUnavailable(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Chama.Bot.Database"), route, Describe(failure!));
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)DatabaseUnavailable.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("The service is unavailable for a moment; please retry.");
            return;
        }

        if (failure is InvalidDataException or BadHttpRequestException or FormatException)
        {
            await WriteMalformedAsync(context.Response);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("Sorry, something went wrong.");
    }

    /// <summary>The sender's fault: 400, saying no more than that.</summary>
    public static async Task WriteMalformedAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/plain";
        await response.WriteAsync("Malformed request.");
    }

    /// <summary>The database's own words (e.g. "SQLite Error 13: 'database or disk is full'"), never the request's.</summary>
    private static string Describe(Exception failure)
    {
        var inner = failure;
        while (inner.InnerException is not null && inner is not System.Data.Common.DbException)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while serving {Path}, answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string path, string reason);
}
