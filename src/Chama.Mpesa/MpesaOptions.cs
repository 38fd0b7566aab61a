namespace Chama.Mpesa;

/// <summary>M-Pesa Daraja settings, bound from the <c>Mpesa</c> section. Credentials are never logged.</summary>
public sealed class MpesaOptions
{
    public const string Section = "Mpesa";
    public const string SandboxBaseUrl = "https://sandbox.safaricom.co.ke";

    /// <summary>Daraja's base URL: the sandbox, production (<c>https://api.safaricom.co.ke</c>) or the local simulator.</summary>
    public string BaseUrl { get; set; } = SandboxBaseUrl;

    public string ConsumerKey { get; set; } = "";

    public string ConsumerSecret { get; set; } = "";

    /// <summary>The paybill (or till head office) number STK pushes are paid to.</summary>
    public string ShortCode { get; set; } = "";

    public string PassKey { get; set; } = "";

    /// <summary><c>CustomerPayBillOnline</c> for a paybill, <c>CustomerBuyGoodsOnline</c> for a till.</summary>
    public string TransactionType { get; set; } = "CustomerPayBillOnline";

    /// <summary>The public base URL Safaricom calls back (this host, as seen from the internet).</summary>
    public string CallbackBaseUrl { get; set; } = "";

    /// <summary>The secret path segment of every callback URL: <c>/webhooks/payments/{token}/…</c>.</summary>
    public string CallbackToken { get; set; } = "";

    /// <summary>Callers allowed to post callbacks; empty allows any (the secret token still applies).</summary>
    public IList<string> AllowedCallbackIps { get; } = [];

    public string InitiatorName { get; set; } = "";

    /// <summary>The initiator password encrypted with Safaricom's certificate (Base64, PKCS#1 v1.5).</summary>
    public string SecurityCredential { get; set; } = "";

    /// <summary>The shortcode B2C payouts are paid from.</summary>
    public string B2CShortCode { get; set; } = "";

    /// <summary>How long a push may wait for its callback before the reconciliation worker asks Daraja.</summary>
    public TimeSpan StkQueryAfter { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a payout may wait for its result before the reconciliation worker asks Daraja.</summary>
    public TimeSpan PayoutQueryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest wait between two status queries about one unresolved payout; the waits double from
    /// <see cref="PayoutQueryAfter"/> up to this.
    /// </summary>
    public TimeSpan PayoutQueryMaxInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after it was sent a payout without a definite result is shown to the officers as unconfirmed, to be
    /// checked on the M-Pesa statement. It is still asked about afterwards, and never sent again.
    /// </summary>
    public TimeSpan PayoutUnconfirmedAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Run the local Daraja simulator in this process and use it (development and demos).</summary>
    public bool Simulate { get; set; }

    public string CallbackUrl(string path) => $"{CallbackBaseUrl.TrimEnd('/')}/webhooks/payments/{CallbackToken}/{path}";
}
