namespace Chama.Mpesa.Simulator;

/// <summary>The credentials the simulator checks requests against, and how it paces its answers.</summary>
public sealed class DarajaSimulatorOptions
{
    public string ConsumerKey { get; set; } = "simulator-key";

    public string ConsumerSecret { get; set; } = "simulator-secret";

    /// <summary>The paybill STK pushes are paid to and C2B URLs are registered for.</summary>
    public string ShortCode { get; set; } = "174379";

    public string PassKey { get; set; } = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    /// <summary>The shortcode B2C payouts must come from.</summary>
    public string B2CShortCode { get; set; } = "600000";

    public string InitiatorName { get; set; } = "testapi";

    public string SecurityCredential { get; set; } = "simulator-credential";

    /// <summary>How long after the synchronous answer an outcome settles and its callback is posted.</summary>
    public TimeSpan CallbackDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The port on 127.0.0.1; 0 takes any free port.</summary>
    public int Port { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);

    /// <summary>The clock behind token expiry, settlement and timestamps; a fake one lets tests step through time.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
