namespace Chama.Bot.Channels.Twilio;

/// <summary>Twilio settings, bound from the <c>Twilio</c> section.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string AccountSid { get; set; } = "";

    /// <summary>The primary Auth Token: the key of every webhook signature. Never logged.</summary>
    public string AuthToken { get; set; } = "";

    public string WhatsAppFrom { get; set; } = "";

    public string SmsFrom { get; set; } = "";

    /// <summary>The public URL Twilio calls (scheme, host, optional port), for hosts behind proxies or tunnels.</summary>
    public string PublicBaseUrl { get; set; } = "";
}
