using System.Net;
using Chama.Data.Outbox;

namespace Chama.Bot.Tests.Notifications;

/// <summary>Twilio's delivery reports: signature-checked, recorded once, answered 204.</summary>
public sealed class StatusCallbackTests : IDisposable
{
    private const string Url = $"{BotFactory.PublicBaseUrl}/webhooks/whatsapp/status?outbox=7";
    private readonly BotFactory host = new();

    public void Dispose() => host.Dispose();

    public static Dictionary<string, string> Form(string messageSid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid,
            ["SmsSid"] = messageSid,
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["MessageStatus"] = status,
            ["SmsStatus"] = status,
            ["To"] = "whatsapp:+254733000003",
            ["From"] = "whatsapp:+14155550100",
            ["ChannelPrefix"] = "whatsapp",
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        return form;
    }

    /// <summary>Posts a status callback as Twilio does to the URL it was given, signed unless a signature is supplied.</summary>
    public static async Task<HttpStatusCode> PostAsync(BotFactory host, string url, Dictionary<string, string> form, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url).PathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? Channels.Sign(url, form));
        using var response = await host.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_signed_status_callback_is_recorded_once_however_often_Twilio_repeats_it()
    {
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(host, Url, Form("SM0001", "sent")));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(host, Url, Form("SM0001", "sent")));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(host, Url, Form("SM0001", "undelivered", "63016")));

        Assert.Equal(
            [new DeliveryStatus("SM0001", "sent", null, 7), new DeliveryStatus("SM0001", "undelivered", 63016, 7)],
            await host.Get<DeliveryStatuses>().ListAsync("SM0001"));
    }

    [Fact]
    public async Task A_forged_status_callback_is_refused_with_403_and_records_nothing()
    {
        var form = Form("SM0002", "delivered");
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(host, Url, form, Channels.Sign(Url, form, token: "not-the-auth-token")));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(host, Url, form, signature: ""));

        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "outbound_status"));
    }
}
