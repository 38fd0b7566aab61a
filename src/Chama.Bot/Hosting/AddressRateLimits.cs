using System.Threading.RateLimiting;
using Chama.Bot.Channels.Twilio;
using Chama.Bot.Dashboard;
using Chama.Conversations.Texts;
using Chama.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace Chama.Bot.Hosting;

/// <summary>How an endpoint under the per-address limit answers a caller over it: in the form its caller understands.</summary>
public enum AddressLimitAnswer
{
    /// <summary>Africa's Talking: <c>200 END</c> and the templated text, since anything else shows a network error.</summary>
    Ussd,

    /// <summary>Twilio: TwiML with the templated text.</summary>
    WhatsApp,

    /// <summary>Daraja: <c>429</c> with <c>Retry-After</c>; it retries later.</summary>
    Callback,

    /// <summary>A person on the dashboard: the sign-in page with the templated text, status <c>429</c>.</summary>
    SignIn,
}

/// <summary>
/// A limit per source address on every webhook and on dashboard sign-in, with ASP.NET Core's rate limiter: a fixed
/// one-minute window per address, <c>RateLimits:PerAddressPerMinute</c> requests (0 switches it off). The address is the
/// connection's, or behind <c>Proxy:TrustedAddresses</c> the forwarded caller's (<see cref="ProxyHeaders"/> runs first).
/// Africa's Talking and Twilio send every member's traffic from a handful of addresses, so the default is high: it stops
/// one machine flooding the host, not a busy gateway. Requests with a wrong token count too: guessing costs the guesser.
/// </summary>
public static class AddressRateLimits
{
    public const string Policy = "per-address";

    public const string Setting = "RateLimits:PerAddressPerMinute";

    /// <summary>100 a second from one address, sustained for a minute.</summary>
    public const int DefaultPerMinute = 6_000;

    public static IServiceCollection AddAddressRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue(Setting, DefaultPerMinute);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, http => perMinute <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetFixedWindowLimiter(Address(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => new ValueTask(RefuseAsync(context.HttpContext));
        });
        return services;
    }

    /// <summary>Puts the endpoints under the per-address limit, answered over it as <paramref name="answer"/> says.</summary>
    public static TBuilder LimitPerAddress<TBuilder>(this TBuilder builder, AddressLimitAnswer answer)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy).WithMetadata(new Answering(answer));

    /// <summary>The endpoint's <see cref="AddressLimitAnswer"/>, as metadata (which must be a class).</summary>
    private sealed record Answering(AddressLimitAnswer Answer);

    private static string Address(HttpContext http) =>
        http.Caller()?.ToString() ?? "unknown";

    private static Task RefuseAsync(HttpContext http)
    {
        var texts = http.RequestServices.GetRequiredService<MessageTexts>();
        var answer = http.GetEndpoint()?.Metadata.GetMetadata<Answering>()?.Answer ?? AddressLimitAnswer.Callback;
        var result = answer switch
        {
            AddressLimitAnswer.Ussd => Results.Text("END " + texts.Render(Language.En, "rate_limited", ussd: true), "text/plain", System.Text.Encoding.UTF8),
            AddressLimitAnswer.WhatsApp => TwiML.Message(texts.Render(Language.En, "rate_limited")),
            AddressLimitAnswer.SignIn => DashboardLayout.Page(
                "Sign in", DashboardLayout.SimpleHeader, Html.Of($"<h1>Sign in</h1><p><a href=\"/dashboard/sign-in\">Try again</a></p>"),
                error: texts.Render(Language.En, "rate_limited"), status: StatusCodes.Status429TooManyRequests),
            _ => Results.StatusCode(StatusCodes.Status429TooManyRequests),
        };
        if (answer is AddressLimitAnswer.Callback or AddressLimitAnswer.SignIn)
        {
            http.Response.Headers.RetryAfter = "60";
        }
        else
        {
            // The gateways hear a normal answer; the text tells the member.
            http.Response.StatusCode = StatusCodes.Status200OK;
        }

        return result.ExecuteAsync(http);
    }
}
