using System.Text;
using Chama.Bot.Hosting;
using Chama.Mpesa;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Channels.Mpesa;

/// <summary>
/// Daraja's callbacks, on <c>/webhooks/payments/{token}/…</c> (Safaricom refuses callback URLs with words such as
/// "mpesa" in them). Each answers with the acknowledgement Daraja expects, also for a body it cannot use, which is kept
/// for inspection; never with an error that would make Daraja repeat a callback we have already judged.
/// </summary>
public static class MpesaCallbackEndpoints
{
    /// <summary>Daraja's bodies are a few kilobytes; anything far larger is not a callback.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>The door's secret: <c>Mpesa:CallbackToken</c> and <c>Mpesa:AllowedCallbackIps</c>.</summary>
    public static readonly CallbackGuard Guard = new("M-Pesa", services =>
    {
        var settings = services.GetRequiredService<IOptionsMonitor<MpesaOptions>>().CurrentValue;
        return new CallbackSecret(settings.CallbackToken, [.. settings.AllowedCallbackIps]);
    });

    public static IEndpointRouteBuilder MapMpesaCallbacks(this IEndpointRouteBuilder endpoints)
    {
        var callbacks = endpoints.MapGroup("/webhooks/payments/{token}").AddEndpointFilter(Guard).DisableAntiforgery().LimitPerAddress(AddressLimitAnswer.Callback);
        callbacks.MapPost("/stk", (HttpRequest request, MpesaCallbacks handle, CancellationToken cancellationToken) =>
            WithBodyAsync(request, cancellationToken, async body =>
            {
                await handle.StkAsync(body, cancellationToken);
                return Accepted;
            }));
        callbacks.MapPost("/c2b/validation", (HttpRequest request, MpesaCallbacks handle, CancellationToken cancellationToken) =>
            WithBodyAsync(request, cancellationToken, async body => await handle.ValidateAsync(body, cancellationToken)
                ? Answer("""{"ResultCode":"0","ResultDesc":"Accepted"}""")
                : Answer("""{"ResultCode":"C2B00016","ResultDesc":"Rejected"}""")));
        callbacks.MapPost("/c2b/confirmation", (HttpRequest request, MpesaCallbacks handle, CancellationToken cancellationToken) =>
            WithBodyAsync(request, cancellationToken, async body =>
            {
                await handle.ConfirmAsync(body, cancellationToken);
                return Answer("""{"ResultCode":0,"ResultDesc":"Success"}""");
            }));
        foreach (var result in new[] { "b2c/result", "status/result" })
        {
            callbacks.MapPost($"/{result}", (HttpRequest request, MpesaCallbacks handle, CancellationToken cancellationToken) =>
                WithBodyAsync(request, cancellationToken, async body =>
                {
                    await handle.PayoutResultAsync(result, body, cancellationToken);
                    return Accepted;
                }));
        }

        foreach (var timeout in new[] { "b2c/timeout", "status/timeout" })
        {
            callbacks.MapPost($"/{timeout}", (HttpRequest request, MpesaCallbacks handle, CancellationToken cancellationToken) =>
                WithBodyAsync(request, cancellationToken, async body =>
                {
                    await handle.TimeoutAsync(timeout, body, cancellationToken);
                    return Accepted;
                }));
        }

        return endpoints;
    }

    /// <summary>Daraja's acknowledgement, with its own capitalisation.</summary>
    private static readonly IResult Accepted = Answer("""{"ResultCode":0,"ResultDesc":"Accepted"}""");

    private static IResult Answer(string json) => Results.Text(json, "application/json");

    private static readonly IResult TooLarge = Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

    /// <summary>Runs <paramref name="handle"/> on the body as text, or answers 413 for a body beyond the limit, kept nowhere.</summary>
    private static async Task<IResult> WithBodyAsync(HttpRequest request, CancellationToken cancellationToken, Func<string, Task<IResult>> handle) =>
        await ReadBodyAsync(request, cancellationToken) is { } body ? await handle(body) : TooLarge;

    /// <summary>The body as text, or null beyond the limit: the server stops reading there when it can (Kestrel), or we count.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(cancellationToken);
            return Encoding.UTF8.GetByteCount(body) > MaxBodyBytes ? null : body;
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
