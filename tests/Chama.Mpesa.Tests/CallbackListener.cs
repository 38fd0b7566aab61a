using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Mpesa.Tests;

/// <summary>The bot's side of the callbacks: records every POSTed body by path and answers with Daraja's acks.</summary>
public sealed class CallbackListener : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, string Body)> received = new();

    private CallbackListener(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What a C2B validation is answered with; accepting unless a test says otherwise.</summary>
    public string ValidationAnswer { get; set; } = """{"ResultCode":"0","ResultDesc":"Accepted"}""";

    /// <summary>Every POST in arrival order, as paths relative to the listener.</summary>
    public IReadOnlyList<string> Paths => [.. received.Select(post => post.Path)];

    public static async Task<CallbackListener> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var listener = new CallbackListener(builder.Build());
        listener.app.MapPost("/{**path}", listener.ReceiveAsync);
        await listener.app.StartAsync();
        listener.BaseUrl = new Uri(listener.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return listener;
    }

    /// <summary>The bodies POSTed to paths ending with <paramref name="pathEnd"/>, in arrival order.</summary>
    public IReadOnlyList<string> Bodies(string pathEnd) =>
        [.. received.Where(post => post.Path.EndsWith(pathEnd, StringComparison.Ordinal)).Select(post => post.Body)];

    /// <summary>Waits until at least <paramref name="count"/> bodies arrived at <paramref name="pathEnd"/>.</summary>
    public Task<IReadOnlyList<string>> WaitForAsync(string pathEnd, int count = 1) =>
        Eventually.ReturnsAsync(() => Bodies(pathEnd), bodies => bodies.Count >= count, $"{count} callback(s) at {pathEnd}");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        received.Enqueue((path, body));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            path.EndsWith("/c2b/validation", StringComparison.Ordinal) ? ValidationAnswer : """{"ResultCode":0,"ResultDesc":"Accepted"}""",
            context.RequestAborted);
    }
}
