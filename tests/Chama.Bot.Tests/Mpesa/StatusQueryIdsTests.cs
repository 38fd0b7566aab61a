using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Mpesa.Simulator;
using Chama.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// The ids of a status query's synchronous answer are kept against the payout, so the query's Result, which carries
/// those ids and not the payout's, settles it: on both engines, against the Daraja simulator.
/// </summary>
public abstract class StatusQueryIdsTests(Engine engine) : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        demo = await Demo.LoadAsync(host);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_status_result_under_the_ids_the_query_was_answered_with_settles_the_payout_it_asked_about()
    {
        daraja.ScriptPayout(PayoutOutcome.NoResult);
        daraja.StatusQueriesFail = true;
        var round4 = demo.Rounds[3];
        var n = 0;
        foreach (var member in demo.Members)
        {
            await demo.PayAsync(host, member, 10_000, $"QKJ4HT8Q{++n:00}", round: 4);
        }

        var channels = new Channels(host.CreateClient());
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE P{round4.Id}");
        Assert.Contains("fully approved", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE P{round4.Id}"));
        await Eventually.ReturnsAsync(() => Task.FromResult(daraja.Payouts.Count), n => n == 1, "the payout request");
        var payout = (await Eventually.ReturnsAsync(
            () => host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, round4.Id), p => p.Count == 1 && p[0].Status == DisbursementStatus.Sent, "the payout sent")).Single();

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.Services.GetServices<IHostedService>().OfType<Chama.Bot.Payments.PayoutDispatcher>().Single().RunOnceAsync(CancellationToken.None);
        var originator = await DatabaseProbe.ScalarAsync<string>(host, $"SELECT originator_conversation_id FROM payout_status_queries WHERE disbursement_id = {payout.Id}");
        var conversation = await DatabaseProbe.ScalarAsync<string>(host, $"SELECT conversation_id FROM payout_status_queries WHERE disbursement_id = {payout.Id}");
        Assert.NotEqual(payout.OriginatorConversationId, originator);

        await new DarajaCallbacks(host.CreateClient()).DeliverAsync("status/result", DarajaCallbacks.StatusResult(
            originator, conversation, "0", "The service request is processed successfully.", ("Receipt No.", "TKL919G2AW"), ("Transaction Status", "Completed"), ("TransactionReason", null)));

        var completed = await host.Get<DisbursementStore>().FindByOriginatorAsync(payout.OriginatorConversationId);
        Assert.Equal((DisbursementStatus.Completed, "TKL919G2AW"), (completed!.Status, completed.TransactionId));
        Assert.Single(daraja.Payouts);
    }
}

public sealed class SqliteStatusQueryIdsTests() : StatusQueryIdsTests(Engine.Sqlite);

public sealed class PostgresStatusQueryIdsTests() : StatusQueryIdsTests(Engine.Postgres);
