using System.Text.RegularExpressions;
using Chama.Bot.Tests.Mpesa;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;

namespace Chama.Bot.Tests.Loans;

/// <summary>
/// A loan asked for on WhatsApp through the real webhook, in a chama that lends: Samuel asks with LOAN and
/// sees the schedule before confirming, Diana (who reads Swahili) guarantees it, two officers approve it (the guarantor cannot), the Daraja
/// simulator pays it, Samuel receives the schedule his loan now runs on and repays it, by PAY and by paybill, in full.
/// </summary>
public sealed partial class LoanRequestTests : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja).Start();
        demo = await Demo.LoadAsync(host);
        channels = new Channels(host.CreateClient());
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_loan_asked_on_whatsapp_is_guaranteed_approved_paid_by_mpesa_and_its_schedule_sent_to_the_borrower()
    {
        await Lending.StartAsync(host, demo);

        Assert.Contains("You may borrow up to KES 30,000 now", await channels.WhatsAppAsync(Phones.Samuel, "LOAN"));
        Assert.Contains("Repay over how many months? (1 to 12)", await channels.WhatsAppAsync(Phones.Samuel, "9000"));
        Assert.Contains("1 member must guarantee it, each pledging KES 4,500", await channels.WhatsAppAsync(Phones.Samuel, "3"));
        var confirm = await channels.WhatsAppAsync(Phones.Samuel, "3");
        Assert.Contains("Loan of KES 9,000 over 3 months, guaranteed by seats 3 (KES 4,500 each).", confirm);
        Assert.Contains("1. 10 Feb 2026: KES 3,090 (KES 3,000 + interest KES 90)\n2. 10 Mar 2026: KES 3,090", confirm);
        Assert.Contains("Total interest KES 270. Total to repay KES 9,270.", confirm);
        var requested = await channels.WhatsAppAsync(Phones.Samuel, "YES");
        var code = LoanCode().Match(requested).Value;
        Assert.Contains($"Your loan request {code} for KES 9,000 is recorded.", requested);
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Diana.Phone), m => m.Body.Contains($"Jibu DHAMINI {code} kukubali, au SIDHAMINI {code} kukataa.", StringComparison.Ordinal));

        Assert.Contains("Wadhamini wote wamekubali", await channels.WhatsAppAsync(Phones.Diana, $"GUARANTEE {code}"));
        Assert.Contains("wewe ni mkopaji au mdhamini", await channels.WhatsAppAsync(Phones.Diana, $"APPROVE {code}"));
        Assert.Contains($"loan: KES 9,000 Samuel Kimani, 3 mo (0/2)", await channels.WhatsAppAsync(Phones.Grace, "APPROVALS"));
        Assert.Contains("(1 of 2)", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE {code}"));
        Assert.Contains("the loan is approved and its payout queued", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));

        var payout = (await Eventually.ReturnsAsync(
            () => host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Loan, long.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture)),
            payouts => payouts.Any(p => p.Status == DisbursementStatus.Completed),
            "the loan's payout")).Single();
        var sent = Assert.Single(daraja.Payouts);
        Assert.Equal(("254711000004", 9_000L, payout.OriginatorConversationId), (sent.PhoneNumber, sent.Amount, sent.OriginatorConversationId));
        var told = await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone);
        Assert.Contains(told, m => m.Body.Contains($"Umoja Investment Club has sent you KES 9,000 (loan, code {code}) by M-Pesa", StringComparison.Ordinal));
        Assert.Contains(told, m => m.Body.Contains($"your loan {code} of KES 9,000 is paid out. Repay it by PAY, or by paybill with account UMOJA-4-L.\nYour schedule:\n1. 10 Feb 2026: KES 3,090", StringComparison.Ordinal));
        Assert.Equal(3, await DatabaseProbe.CountAsync(host, "loan_instalments", "1 = 1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_charges", "kind = 'Interest' AND amount_minor = 9000"));

        // The result again changes nothing.
        await daraja.ResendPayoutResultAsync(sent.OriginatorConversationId, times: 2);
        await Eventually.ReturnsAsync(() => DatabaseProbe.CountAsync(host, "mpesa_callbacks", "kind = 'b2c/result'"), n => n == 3, "the repeated results");
        Assert.Equal(3, await DatabaseProbe.CountAsync(host, "loan_instalments", "1 = 1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_charges", "1 = 1"));

        // Samuel repays: the first instalment by PAY (an STK push the simulator completes), the rest at once by paybill.
        Assert.Contains($"Loan {code}: pay KES 3,090", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.Contains($"for your loan {code}", await channels.WhatsAppAsync(Phones.Samuel, "6"));
        Assert.Contains("Enter your M-Pesa PIN", await channels.WhatsAppAsync(Phones.Samuel, "1"));
        await Eventually.ReturnsAsync(
            () => DatabaseProbe.CountAsync(host, "loan_repayments", "interest_minor = 9000 AND principal_minor = 300000"), n => n == 1, "the first instalment");
        await host.Get<DarajaClient>().RegisterC2BUrlsAsync(CancellationToken.None);
        await daraja.PayBillAsync("UMOJA-4-L", 6_000, "254711000004");
        await Eventually.ReturnsAsync(() => DatabaseProbe.CountAsync(host, "loan_events", "status = 'Repaid'"), n => n == 1, "the loan repaid");

        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_repayments", "interest_minor = 0 AND principal_minor = 600000 AND to_savings_minor = 0"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_charges", "1 = 1"));
        Assert.DoesNotContain($"Loan {code}", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
    }

    [Fact]
    public async Task A_guarantor_who_refuses_closes_the_request_and_the_borrower_hears_who_declined()
    {
        await Lending.StartAsync(host, demo);
        await channels.WhatsAppAsync(Phones.Samuel, "MKOPO");
        await channels.WhatsAppAsync(Phones.Samuel, "5000");
        await channels.WhatsAppAsync(Phones.Samuel, "2");
        await channels.WhatsAppAsync(Phones.Samuel, "3");
        var code = LoanCode().Match(await channels.WhatsAppAsync(Phones.Samuel, "NDIYO")).Value;

        Assert.Contains("Umekataa kudhamini mkopo", await channels.WhatsAppAsync(Phones.Diana, $"SIDHAMINI {code}"));

        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.Body.Contains($"Diana Mwangi declined to guarantee your loan {code}, so it is closed.", StringComparison.Ordinal));
        Assert.Contains("You may borrow up to", await channels.WhatsAppAsync(Phones.Samuel, "LOAN"));
    }

    [GeneratedRegex(@"\bL\d+\b")]
    private static partial Regex LoanCode();
}
