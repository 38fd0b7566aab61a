using Chama.Bot.Channels.Twilio;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;

namespace Chama.Bot.Notifications;

/// <summary>
/// Sends one outbox message through Twilio's Messages API with the Twilio SDK, and says what came of it: sent (with the
/// MessageSid), a passing fault worth retrying (5xx, 429, network), or a refusal that retrying will not change (4xx).
/// </summary>
public sealed class TwilioMessages(IHttpClientFactory httpClients, IOptionsMonitor<TwilioOptions> options)
{
    public const string HttpClientName = "Twilio";

    public async Task<AttemptResult> SendAsync(ClaimedMessage message, bool windowOpen, CancellationToken cancellationToken)
    {
        var twilio = options.CurrentValue;
        var (channel, request) = OutgoingMessage.Build(message, twilio, windowOpen);
        ITwilioRestClient client = new TwilioRestClient(
            twilio.AccountSid, twilio.AuthToken, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        try
        {
            // The SDK takes no cancellation token: on shutdown we stop waiting and record nothing, and the claim expires.
            var created = await MessageResource.CreateAsync(request, client).WaitAsync(cancellationToken);
            return new AttemptResult(AttemptOutcome.Sent, channel, created.Sid);
        }
        catch (ApiException refused) when (refused.Status is 0 or 429 or >= 500)
        {
            // Status 0: an error body that was not Twilio's JSON (a proxy's page), so the cause is unknown: retry.
            return new AttemptResult(AttemptOutcome.RetryableFailure, channel, ErrorCode: NonZero(refused.Code), Error: $"HTTP {refused.Status}: {refused.Message}");
        }
        catch (ApiException refused)
        {
            return new AttemptResult(AttemptOutcome.Failed, channel, ErrorCode: NonZero(refused.Code), Error: $"HTTP {refused.Status}: {refused.Message}");
        }
        catch (Exception fault) when (fault is ApiConnectionException or HttpRequestException || (fault is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new AttemptResult(AttemptOutcome.RetryableFailure, channel, Error: $"{fault.GetType().Name}: {fault.Message}");
        }
    }

    private static int? NonZero(int code) => code == 0 ? null : code;
}
