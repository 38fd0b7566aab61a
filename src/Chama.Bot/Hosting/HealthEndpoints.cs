using Chama.Data;

namespace Chama.Bot.Hosting;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process is up. <c>/readyz</c>: the database answers, and no request has failed lately on it
    /// being unavailable (a full disk still answers reads).
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", async (IDatabase database, DatabaseOutage outage, CancellationToken cancellationToken) =>
            !outage.IsOngoing && await database.IsReadyAsync(cancellationToken) ? Results.Text("ready") : Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable));
        return endpoints;
    }
}
