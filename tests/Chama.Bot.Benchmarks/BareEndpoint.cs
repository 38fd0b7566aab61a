using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// <c>POST /bench/bare</c>: reads the form and answers constant TwiML, and nothing else. It runs in the same process,
/// through the same Kestrel, HTTP client and middleware as the webhooks, so the difference between the two is the
/// bot's own work. Added from outside through a startup filter, so production code knows nothing of it.
/// </summary>
internal sealed class BareEndpoint : IStartupFilter
{
    public const string Path = "/bench/bare";

    public const string TwiML = """<?xml version="1.0" encoding="UTF-8"?><Response><Message>ok</Message></Response>""";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Routing before the host's own pipeline, so the bare answer skips nothing the webhooks would also pass.
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapPost(Path, AnswerAsync).DisableAntiforgery());
        next(app);
    };

    private static async Task<IResult> AnswerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        return form.Count > 0 ? Results.Text(TwiML, "application/xml", System.Text.Encoding.UTF8) : Results.BadRequest();
    }
}
