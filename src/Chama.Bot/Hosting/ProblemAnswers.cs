using Microsoft.AspNetCore.Diagnostics;

namespace Chama.Bot.Hosting;

/// <summary>
/// The last line of defence: a request that fails unexpectedly still gets an answer. A malformed request body is the
/// sender's fault (400); anything else is ours (500), logged without the request's contents.
/// </summary>
public static class ProblemAnswers
{
    public static async Task WriteAsync(HttpContext context)
    {
        var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        context.Response.StatusCode = failure is InvalidDataException or BadHttpRequestException or FormatException
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(context.Response.StatusCode == 400 ? "Malformed request." : "Sorry, something went wrong.");
    }
}
