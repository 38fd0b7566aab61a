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

    /// <summary>
    /// Where the Messages API is reached instead of <c>https://api.twilio.com</c> (an egress proxy, or a local fake in
    /// tests). Empty: Twilio itself.
    /// </summary>
    public string ApiBaseUrl { get; set; } = "";

    /// <summary>Template key (<c>reminder_due</c>) to its approved Content SID (<c>HX…</c>), for WhatsApp outside the 24-hour window.</summary>
    public Dictionary<string, string> ContentSids { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True when messages can be sent: credentials and at least one sender number.</summary>
    public bool CanSend => AccountSid.Length > 0 && AuthToken.Length > 0 && (WhatsAppFrom.Length > 0 || SmsFrom.Length > 0);
}
