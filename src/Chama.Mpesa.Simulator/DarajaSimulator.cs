using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// A local Daraja on 127.0.0.1 that speaks Safaricom's JSON over real HTTP: OAuth, STK push and query, C2B URL
/// registration and paybill payments, B2C payouts and transaction status queries. Outcomes are scripted: each
/// <see cref="ScriptStk"/> or <see cref="ScriptPayout"/> is taken, in order, by the next accepted request; when
/// none is left the default outcome applies (a success, unless changed). Callbacks are posted to the URLs the
/// requests name, after <see cref="DarajaSimulatorOptions.CallbackDelay"/>, and every delivery is recorded.
/// </summary>
public sealed class DarajaSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CallbackSender callbacks;
    private readonly OAuthEndpoint oauth;
    private readonly StkEndpoints stk;
    private readonly C2BEndpoints c2b;
    private readonly PayoutEndpoints payouts;
    private readonly StatusQueryEndpoint status;

    private DarajaSimulator(WebApplication app, DarajaSimulatorOptions options)
    {
        this.app = app;
        var ids = new DarajaIds(options.Clock);
        callbacks = new CallbackSender(options.Clock);
        oauth = new OAuthEndpoint(options);
        stk = new StkEndpoints(options, ids, callbacks);
        c2b = new C2BEndpoints(options, ids, callbacks);
        payouts = new PayoutEndpoints(options, ids, callbacks);
        status = new StatusQueryEndpoint(options, ids, callbacks, payouts);
        oauth.Map(app);
        stk.Map(app);
        c2b.Map(app);
        payouts.Map(app);
        status.Map(app);
        app.MapFallback(context => DarajaErrors.WriteAsync(context, StatusCodes.Status404NotFound, "404.001.01", "Resource not found"));
    }

    /// <summary>The simulator's address: use it as <c>Mpesa:BaseUrl</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public StkOutcome DefaultStkOutcome
    {
        get => stk.Script.Default;
        set => stk.Script.Default = value;
    }

    public PayoutOutcome DefaultPayoutOutcome
    {
        get => payouts.Script.Default;
        set => payouts.Script.Default = value;
    }

    /// <summary>The STK pushes accepted so far, in order.</summary>
    public IReadOnlyList<StkPushRecord> StkPushes => stk.Pushes;

    /// <summary>The B2C payouts accepted so far, in order; a refused duplicate is not among them.</summary>
    public IReadOnlyList<PayoutRecord> Payouts => payouts.Payouts;

    public IReadOnlyList<PaybillPayment> PaybillPayments => c2b.Payments;

    /// <summary>Every callback POST made so far (STK, C2B, B2C results, queue timeouts, status results).</summary>
    public IReadOnlyList<CallbackDelivery> Deliveries => callbacks.Deliveries;

    public int TokensIssued => oauth.TokensIssued;

    public int StkQueries => stk.Queries;

    public int StatusQueries => status.Queries;

    /// <summary>While set, every transaction status query's Result is ResultCode 2001 (the initiator's credential refused).</summary>
    public bool StatusQueriesFail
    {
        get => status.Fail;
        set => status.Fail = value;
    }

    public static async Task<DarajaSimulator> StartAsync(DarajaSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        var simulator = new DarajaSimulator(builder.Build(), options);
        await simulator.app.StartAsync(cancellationToken);
        var address = simulator.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        simulator.BaseUrl = new Uri(address);
        return simulator;
    }

    /// <summary>The next accepted STK push ends this way.</summary>
    public void ScriptStk(StkOutcome outcome) => stk.Script.Enqueue(outcome);

    /// <summary>The next accepted B2C payout ends this way.</summary>
    public void ScriptPayout(PayoutOutcome outcome) => payouts.Script.Enqueue(outcome);

    /// <summary>
    /// A member pays the paybill by hand: validation is posted to the registered ValidationURL (if any), then, unless
    /// it was refused, the confirmation to the ConfirmationURL. Throws when no URLs are registered.
    /// </summary>
    public Task<PaybillPayment> PayBillAsync(string billRef, long shillings, string msisdn = "254712000001", string firstName = "JOHN") =>
        c2b.PayAsync(billRef, shillings, msisdn, firstName);

    /// <summary>Posts the push's final callback again, <paramref name="times"/> times at once.</summary>
    public Task ResendStkCallbackAsync(string checkoutRequestId, int times = 1) => stk.ResendAsync(checkoutRequestId, times);

    /// <summary>Posts the payout's Result to its ResultURL again, <paramref name="times"/> times at once.</summary>
    public Task ResendPayoutResultAsync(string originatorConversationId, int times = 1) => payouts.ResendAsync(originatorConversationId, times);

    public async ValueTask DisposeAsync()
    {
        await callbacks.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
