using Chama.Mpesa.Simulator;
using Chama.Tests;
using Microsoft.AspNetCore.Hosting;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// The bot on Kestrel at 127.0.0.1 talking to a Daraja simulator over real HTTP, with the real Daraja client, the
/// fake clock (the reconciliation worker acts when the test moves time on) and a known callback token. Several hosts
/// may share one folder (a restart) and one simulator (which outlives them, as Safaricom does).
/// </summary>
public sealed class MpesaHost : BotFactory
{
    /// <summary>A host on SQLite: a new file, or the one in <paramref name="folder"/> (another host's, which keeps it).</summary>
    public MpesaHost(DarajaSimulator daraja, string? folder = null)
        : this(daraja, TestStorage.Sqlite(folder), ownsStorage: folder is null)
    {
    }

    /// <summary>A host on its own new storage on <paramref name="engine"/>.</summary>
    public MpesaHost(DarajaSimulator daraja, Engine engine)
        : this(daraja, TestStorage.Create(engine), ownsStorage: true)
    {
    }

    private MpesaHost(DarajaSimulator daraja, TestStorage storage, bool ownsStorage)
        : base(storage, ownsStorage)
    {
        UseKestrel(0);
        var defaults = new DarajaSimulatorOptions();
        With("Mpesa:BaseUrl", daraja.BaseUrl.ToString());
        With("Mpesa:ConsumerKey", defaults.ConsumerKey);
        With("Mpesa:ConsumerSecret", defaults.ConsumerSecret);
        With("Mpesa:ShortCode", defaults.ShortCode);
        With("Mpesa:PassKey", defaults.PassKey);
        With("Mpesa:B2CShortCode", defaults.B2CShortCode);
        With("Mpesa:InitiatorName", defaults.InitiatorName);
        With("Mpesa:SecurityCredential", defaults.SecurityCredential);
        With("Mpesa:StkQueryAfter", "00:01:30");
        With("Mpesa:PayoutQueryAfter", "00:02:00");
        this.WithCallbacks();
    }

    protected override bool UsesFakeStkPush => false;

    /// <summary>Starts Kestrel; the callback address is read from it once it listens.</summary>
    public MpesaHost Start()
    {
        StartServer();
        return this;
    }

    public static Task<DarajaSimulator> StartDarajaAsync() =>
        DarajaSimulator.StartAsync(new DarajaSimulatorOptions { CallbackDelay = TimeSpan.FromMilliseconds(30) });
}
