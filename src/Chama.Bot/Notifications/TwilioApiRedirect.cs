using Chama.Bot.Channels.Twilio;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// The Twilio SDK builds <c>https://api.twilio.com/…</c> itself and has no base-URL setting. With
/// <see cref="TwilioOptions.ApiBaseUrl"/> set, this handler sends its requests there instead, path and query unchanged.
/// </summary>
public sealed class TwilioApiRedirect(IOptionsMonitor<TwilioOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.ApiBaseUrl is { Length: > 0 } baseUrl && request.RequestUri is { } original)
        {
            var target = new Uri(baseUrl);
            request.RequestUri = new UriBuilder(original) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
