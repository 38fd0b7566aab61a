namespace Chama.Bot.Channels.Ussd;

/// <summary>Africa's Talking USSD settings, bound from the <c>Ussd</c> section.</summary>
public sealed class UssdOptions
{
    public const string Section = "Ussd";

    /// <summary>The code members dial (<c>*384*123#</c>); when set, a hop for another code is answered and not run.</summary>
    public string ServiceCode { get; set; } = "";

    /// <summary>The secret path segment of the callback URL: <c>/webhooks/ussd/{token}</c>. Never logged.</summary>
    public string CallbackToken { get; set; } = "";

    /// <summary>Africa's Talking's addresses; empty allows any caller (the secret token still applies).</summary>
    public IList<string> AllowedCallbackIps { get; } = [];
}
