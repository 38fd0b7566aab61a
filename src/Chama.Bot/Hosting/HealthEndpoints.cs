using Chama.Data;

namespace Chama.Bot.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: the database answers.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", async (IDatabase database, CancellationToken cancellationToken) =>
            await database.IsReadyAsync(cancellationToken) ? Results.Text("ready") : Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable));
        return endpoints;
    }
}
