using Chama.Core.Text;

namespace Chama.Bot.Hosting;

/// <summary>
/// Every form the host reads (the dashboard's, Twilio's webhooks) is checked once, here, before any endpoint sees it:
/// a field holding NUL or another control character, a lone surrogate or invalid UTF-8 (see
/// <see cref="TextInput.IsWellFormed"/>) is answered 400 and nothing is read, kept or counted. Without this such a value
/// reaches the database, where PostgreSQL refuses it and the request ends in a 500.
/// </summary>
public static class FormInputCheck
{
    /// <summary>
    /// Callers that must be acknowledged in their own format whatever they send (Africa's Talking shows anything but
    /// <c>200 CON/END</c> to the member as a network error; Daraja retries anything but its acknowledgement) answer
    /// malformed input themselves.
    /// </summary>
    public static readonly IReadOnlyList<PathString> AnswerForThemselves = [new("/webhooks/ussd"), new("/webhooks/payments")];

    /// <summary>After <see cref="ProblemAnswers.UseProblemAnswers"/>, which answers a form too large or too broken to read.</summary>
    public static IApplicationBuilder UseFormInputCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            // Only a request some endpoint will read: a path that exists nowhere is not worth reading a body for.
            if (request.HasFormContentType && context.GetEndpoint() is not null && !AnswerForThemselves.Any(path => request.Path.StartsWithSegments(path)))
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                if (!form.All(field => TextInput.IsWellFormed(field.Key) && field.Value.All(value => TextInput.IsWellFormed(value ?? ""))))
                {
                    await ProblemAnswers.WriteMalformedAsync(context.Response);
                    return;
                }
            }

            await next(context);
        });
}
