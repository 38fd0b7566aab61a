using Chama.Bot.Reports;
using Chama.Core;
using Chama.Data.Mpesa;
using Chama.Data.Payments;

namespace Chama.Bot.Tests.Reports;

public sealed class PaymentChannelTests
{
    [Fact]
    public async Task Payments_by_stk_push_and_by_paybill_say_how_they_came()
    {
        await using var chama = await ReportLedger.CreateAsync();
        var requests = new PaymentRequestStore(chama.Database, chama.Clock);
        var queued = await requests.QueueAsync(new NewPaymentRequest("pay:1", chama.Chama.Id, chama.Amani.Id, chama.Rounds[0].Id, Money.Kes(1_500), chama.Amani.Phone, "ussd"));
        Assert.Single(await requests.ClaimQueuedAsync(10));
        await requests.RecordCheckoutAsync(queued.Id, "ws_CO_REPORT_1");
        await new StkSettlements(chama.Database, chama.Clock).SettleAsync(
            new StkResult("ws_CO_REPORT_1", "0", "The service request is processed successfully.", Money.Kes(1_500), "QKS0000001"), "stk", "{}", _ => []);
        await new PaybillPayments(chama.Database, chama.Clock).ConfirmAsync(new PaybillPayment("QKP0000001", Money.Kes(1_500), "UMOJA-2", "2547 ***** 002"), "{}", _ => []);

        var written = await chama.WriteAsync(CsvReport.Contributions);

        var pushed = written.Row("M-Pesa receipt", "QKS0000001");
        Assert.Equal(("Amani Kazungu", "1500.00", "M-Pesa STK push (ussd)"), (pushed["Member"], pushed["Amount"], pushed["Channel"]));
        var paybill = written.Row("M-Pesa receipt", "QKP0000001");
        Assert.Equal(("Patrick Ochieng", "1500.00", "M-Pesa paybill"), (paybill["Member"], paybill["Amount"], paybill["Channel"]));
    }
}
