using System.Net;
using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Loans;

namespace Chama.Bot.Tests.Loans;

/// <summary>A guaranteed loan on the dashboard's approvals page, decided there under the chat's rules.</summary>
public sealed class LoanApprovalPageTests : IDisposable
{
    private readonly BotFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_guaranteed_loan_is_listed_and_approved_on_the_page_where_its_guarantor_cannot_decide()
    {
        var demo = await Demo.LoadAsync(factory);
        await Lending.StartAsync(factory, demo);
        var loans = factory.Get<LoanRequests>();
        var loan = await loans.RequestAsync(demo.Samuel, Money.Kes(6_000), 2, [demo.Diana.Seat], "test", "page-test", _ => []);
        await loans.AnswerAsync(demo.Diana, loan.Id, accept: true, "test", _ => []);
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var approve = new Dictionary<string, string> { ["decision"] = "approve" };

        var diana = new DashboardClient(factory);
        await diana.SignInAsync(Phones.Diana);
        var listed = await diana.GetAsync(approvals);
        var own = await diana.PostAsync($"{approvals}/{loan.Code}", approve);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        await grace.GetAsync(approvals);
        await grace.PostAsync($"{approvals}/{loan.Code}", approve);
        var patrick = new DashboardClient(factory);
        await patrick.SignInAsync(Phones.Patrick);
        await patrick.GetAsync(approvals);
        var complete = await patrick.PostAsync($"{approvals}/{loan.Code}", approve);

        // Diana reads the dashboard in Swahili, as she reads the chat.
        Assert.Contains($"{loan.Code}: mkopo kwa Samuel Kimani", listed.Text, StringComparison.Ordinal);
        Assert.Contains("<dt>Kopesha</dt><dd>KES 6,000 kwa miezi 2</dd><dt>Riba</dt><dd>1% kwa mwezi, sawa: KES 120 kwa jumla</dd><dt>Wadhamini</dt><dd>Diana Mwangi (anaahidi KES 3,000)</dd>", listed.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, own.Status);
        Assert.Contains($"Huwezi kuamua kuhusu {loan.Code}: wewe ni mkopaji au mdhamini.", own.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, complete.Status);
        var payout = Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Loan, loan.Id));
        Assert.Equal((Money.Kes(6_000), demo.Samuel.ReceivePhone), (payout.Amount, payout.ReceivePhone));
    }
}
