using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests.Notifications;

/// <summary>
/// Twilio's Messages API on 127.0.0.1 over real HTTP, for the real Twilio SDK: <c>POST
/// /2010-04-01/Accounts/{Sid}/Messages.json</c> with Basic auth, answering 201 and Twilio's JSON. The next requests can be
/// scripted to fail (an HTTP status with Twilio's error body, or a dropped connection) or to be held unanswered.
/// Every request is recorded.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000000";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, TwilioRequest, Task>> script = new();
    private readonly ConcurrentQueue<TwilioRequest> requests = new();
    private int created;

    private FakeTwilio(WebApplication app)
    {
        this.app = app;
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", CreateAsync);
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<TwilioRequest> Requests => requests.ToList();

    /// <summary>Messages Twilio would now be delivering: requests answered 201, or held after being accepted.</summary>
    public IReadOnlyList<TwilioRequest> Created => requests.Where(r => r.Sid is not null).ToList();

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var fake = new FakeTwilio(builder.Build());
        await fake.app.StartAsync();
        fake.BaseUrl = fake.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return fake;
    }

    /// <summary>The next <paramref name="times"/> requests are answered <paramref name="status"/> with Twilio's error body.</summary>
    public void Fail(int status, int code, string message, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue((context, _) => WriteAsync(context, status, $$"""{"code":{{code}},"message":"{{message}}","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}"""));
        }
    }

    /// <summary>The next request's connection is dropped without an answer.</summary>
    public void Drop() => script.Enqueue((context, _) =>
    {
        context.Abort();
        return Task.CompletedTask;
    });

    /// <summary>
    /// The next request is held unanswered until the caller goes away or <see cref="DisposeAsync"/>. With
    /// <paramref name="accepted"/>, Twilio has already taken the message (it has a MessageSid) when the answer is lost.
    /// </summary>
    public Task HoldAsync(bool accepted)
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        script.Enqueue(async (context, request) =>
        {
            if (accepted)
            {
                request.Sid = NewSid();
            }

            received.SetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        return received.Task;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task CreateAsync(HttpContext context, string sid)
    {
        var form = await context.Request.ReadFormAsync();
        var request = new TwilioRequest(sid, form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), context.Request.Headers.Authorization.ToString());
        requests.Enqueue(request);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{BotFactory.AuthToken}"));
        if (sid != AccountSid || request.Authorization != expected)
        {
            await WriteAsync(context, 401, """{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}""");
            return;
        }

        if (script.TryDequeue(out var next))
        {
            await next(context, request);
            return;
        }

        request.Sid = NewSid();
        var to = request.Form.GetValueOrDefault("To", "");
        var from = request.Form.GetValueOrDefault("From", "");
        await WriteAsync(context, 201, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sid"] = request.Sid,
            ["account_sid"] = AccountSid,
            ["to"] = to,
            ["from"] = from,
            ["body"] = request.Form.GetValueOrDefault("Body", ""),
            ["status"] = "queued",
            ["num_segments"] = "1",
            ["direction"] = "outbound-api",
            ["api_version"] = "2010-04-01",
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{request.Sid}.json",
        }));
    }

    private string NewSid() => $"SM{Interlocked.Increment(ref created):D32}";

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }
}

/// <summary>One request as Twilio received it: the form fields and the Authorization header.</summary>
public sealed record TwilioRequest(string AccountSid, IReadOnlyDictionary<string, string> Form, string Authorization)
{
    public string? Sid { get; set; }

    public string? Field(string name) => Form.TryGetValue(name, out var value) ? value : null;
}
