using Chama.Bot.Channels.Twilio;
using Chama.Bot.Channels.Ussd;
using Chama.Mpesa;

namespace Chama.Bot.Hosting;

/// <summary>
/// Which provider doors this host serves (<c>Channels:WhatsApp</c>, <c>Channels:Ussd</c>, <c>Channels:Mpesa</c>; each on
/// unless set to false), and the rule that none of them is served open: outside Development a door needs its secret, or
/// the operator switches it off and its endpoints are not mapped.
/// </summary>
public sealed record ChannelSwitches(bool WhatsApp, bool Ussd, bool Mpesa)
{
    public const string Section = "Channels";

    public static ChannelSwitches Read(IConfiguration configuration) => new(
        configuration.GetValue($"{Section}:WhatsApp", true),
        configuration.GetValue($"{Section}:Ussd", true),
        configuration.GetValue($"{Section}:Mpesa", true));

    /// <summary>
    /// One line naming the first missing secret, or null when every door served is locked. Development is exempt: its
    /// host makes its own USSD and M-Pesa tokens and ships a Twilio token that is not a secret.
    /// </summary>
    public string? Refusal(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return null;
        }

        if (WhatsApp && Missing(configuration, TwilioOptions.Section, nameof(TwilioOptions.AuthToken)))
        {
            return Line("Twilio:AuthToken", "WhatsApp webhooks cannot be verified", "Channels:WhatsApp=false");
        }

        if (Ussd && Missing(configuration, UssdOptions.Section, nameof(UssdOptions.CallbackToken)))
        {
            return Line("Ussd:CallbackToken", "USSD callbacks cannot be told from anyone's", "Channels:Ussd=false");
        }

        // M-Pesa is configured when it has credentials to push and pay with; its callbacks then need the token. (The
        // simulator, the other way to configure it, is refused outside Development on its own.)
        var configured = !Missing(configuration, MpesaOptions.Section, nameof(MpesaOptions.ConsumerKey));
        if (Mpesa && configured && Missing(configuration, MpesaOptions.Section, nameof(MpesaOptions.CallbackToken)))
        {
            return Line("Mpesa:CallbackToken", "M-Pesa callbacks would be lost or forged", "Channels:Mpesa=false");
        }

        return null;
    }

    private static bool Missing(IConfiguration configuration, string section, string key) =>
        string.IsNullOrWhiteSpace(configuration[$"{section}:{key}"]);

    private static string Line(string key, string why, string off) =>
        $"Chama.Bot will not start: {key} is not set, so {why}. Set it, or switch the channel off with {off}.";
}
