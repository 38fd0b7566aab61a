using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Mpesa.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// A pot whose recipient's payout phone is abroad: M-Pesa cannot send it, so after the same quorum an officer pays it
/// from the cash and records it by reply or on the dashboard, the recipient confirms it, and the accounts show it.
/// </summary>
public sealed class PaidByHandTests : IAsyncLifetime
{
    private const string LondonPhone = "+447911123456";
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;
    private string code = "";

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja).Start();
        demo = await Demo.LoadAsync(host);
        channels = new Channels(host.CreateClient());
        await host.Get<ChamaStore>().UpdateMemberAsync(
            demo.Chama.Id, demo.Grace.Id, new NewMember(demo.Grace.Name, Phones.Grace, demo.Grace.Seat, demo.Grace.Roles, ReceivePhone: LondonPhone), Actor.System("test"));
        host.Clock.Advance(TimeSpan.FromDays(2));
        await demo.FillRoundOneAsync(host);
        code = $"P{demo.Rounds[0].Id}";
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}");
        Assert.Contains($"M-Pesa haiwezi kuyatuma, kwa hivyo kiongozi ayalipe kwa pesa taslimu au benki na kuandika NIMELIPA {code} TASLIMU", await channels.WhatsAppAsync(Phones.Diana, $"APPROVE {code}"));
        await host.Services.GetServices<IHostedService>().OfType<Chama.Bot.Payments.PayoutDispatcher>().Single().RunOnceAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_pot_paid_in_cash_by_reply_is_receipted_to_the_recipient_who_confirms_it()
    {
        Assert.Empty(daraja.Payouts);
        Assert.Contains($"Approved, to pay from the cash or the bank (PAIDOUT <code> CASH, or PAIDOUT <code> BANK <reference>):\n{code} KES 40,000 Grace Wanjiku", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
        Assert.Contains($"{code} is your own payout", await RefusalAsync(Phones.Grace), StringComparison.Ordinal);

        var recorded = await channels.WhatsAppAsync(Phones.Patrick, $"PAIDOUT {code} CASH");

        Assert.Contains($"Recorded: {code} KES 40,000 paid to Grace Wanjiku in cash, reference CASH-{code}-1.", recorded);
        var notice = Assert.Single(await host.Get<Outbox>().ListForPhoneAsync(demo.Grace.Phone), m => m.IdempotencyKey.StartsWith("payout-received:", StringComparison.Ordinal));
        Assert.Contains($"Umoja Investment Club has sent you KES 40,000 (round pot) in cash from Patrick Ochieng, reference CASH-{code}-1. When you have it, reply RECEIVED {code}.", notice.Body);
        Assert.Contains($"{code} si malipo yaliyoidhinishwa yanayosubiri kulipwa kwa mkono", await channels.WhatsAppAsync(Phones.Diana, $"NIMELIPA {code} TASLIMU"));
        Assert.Contains($"{code} si malipo kwako", await channels.WhatsAppAsync(Phones.Diana, $"NIMEPOKEA {code}"));
        Assert.Contains($"Thank you: you received {code} KES 40,000 (reference CASH-{code}-1).", await channels.WhatsAppAsync(Phones.Grace, $"NIMEPOKEA {code}"));
        Assert.Equal(DisbursementStatus.Completed, Assert.Single(await host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id)).Status);
        Assert.Empty(daraja.Payouts);
    }

    [Fact]
    public async Task A_pot_paid_from_the_bank_on_the_dashboard_moves_the_money_out_of_the_bank_account()
    {
        await host.Get<Chama.Data.Accounts.AccountStore>().OpenBankAsync(demo.Chama.Id, "Equity 0123456789", Actor.System("test"));
        var dashboard = new DashboardClient(host, host.CreateClient().BaseAddress!.ToString());
        await dashboard.SignInAsync(Phones.Patrick);
        var approvals = (await dashboard.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"))).Text;
        Assert.Contains($"Pay {code} (KES 40,000 to Grace Wanjiku) by hand</h2>", approvals, StringComparison.Ordinal);

        var page = await dashboard.PostAsync(DashboardLayout.Href(demo.Chama.Id, $"approvals/{code}/paid"), new Dictionary<string, string> { ["account"] = "bank", ["reference"] = "ft23345xyz" });

        Assert.Contains($"Recorded: {code} KES 40,000 paid to Grace Wanjiku from the bank, reference BANK-FT23345XYZ.", page.Text, StringComparison.Ordinal);
        var accounts = (await dashboard.GetAsync(DashboardLayout.Href(demo.Chama.Id, "accounts"))).Text;
        Assert.Contains("<th scope=\"row\"><a href=\"/dashboard/", accounts, StringComparison.Ordinal);
        Assert.Contains(">Bank: Equity 0123456789</a></th><td class=\"n\">KES 0</td><td class=\"n\">KES 40,000</td><td class=\"n\">KES -40,000</td>", accounts, StringComparison.Ordinal);
        var bank = (await dashboard.GetAsync(DashboardLayout.Href(demo.Chama.Id, "accounts/bank"))).Text;
        Assert.Contains("<td>BANK-FT23345XYZ</td><td>Grace Wanjiku</td><td>pot payout</td><td class=\"n\">KES -40,000</td><td class=\"n\">KES -40,000</td>", bank, StringComparison.Ordinal);
        var again = await dashboard.PostAsync(DashboardLayout.Href(demo.Chama.Id, $"approvals/{code}/paid"), new Dictionary<string, string> { ["account"] = "cash" });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.Status);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "manual_payouts", "1 = 1"));
    }

    private Task<string> RefusalAsync(string phone) => channels.WhatsAppAsync(phone, $"PAIDOUT {code} CASH");
}
