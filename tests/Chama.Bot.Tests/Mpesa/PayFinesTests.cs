using System.Text;
using Chama.Bot.Notifications;
using Chama.Bot.Reports;
using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Chama.Data.Welfare;
using Chama.Mpesa.Simulator;
using Chama.Tests;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// Paying late fines by M-Pesa end to end: the pay flow offers the fines owed, the push's settlement records one welfare
/// contribution under the receipt that pays them, and the receipt says so. Round 1 of the demo (due 31 January 2026) is
/// unpaid; with 3 grace days, fines are charged from midnight on 4 February.
/// </summary>
public abstract class PayFinesTests(Engine engine) : IAsyncLifetime
{
    private static readonly DateTimeOffset GraceEnded = new(2026, 2, 4, 0, 0, 0, NairobiTime.Offset);

    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        channels = new Channels(host.CreateClient());
        demo = await Demo.LoadAsync(host);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_member_pays_the_fines_owed_from_the_pay_flow_into_the_welfare_fund_once()
    {
        await ChargeFinesAsync(dailyCap: null, days: 1);
        var fine = (await host.Get<FineStore>().GetOwedAsync(demo.Samuel.Id)).Single();
        daraja.ScriptStk(StkOutcome.DuplicateCallback);

        Assert.Contains("2. Pay another amount\n3. Pay fines KES 200\n4. Give to the welfare fund\n0. Back", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.StartsWith(
            "Pay KES 200 to Umoja Investment Club for your fines from M-Pesa +254711000004?", await channels.WhatsAppAsync(Phones.Samuel, "3"));
        Assert.Contains("Enter your M-Pesa PIN", await channels.WhatsAppAsync(Phones.Samuel, "1"));

        var receipt = await ReceiptMessageAsync(demo.Samuel);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal((200L, "Fines"), (push.Amount, push.TransactionDesc));
        Assert.Equal(
            $"Received KES 200 from Samuel Kimani, M-Pesa receipt {push.Receipt}, for your Umoja Investment Club fines ({fine.Id}); fines go to the welfare fund. You owe no fines now. Thank you!",
            receipt.Body.Split('\n')[0]);
        await Eventually.ReturnsAsync(() => host.Get<CallbackLog>().ListAsync("stk"), logged => logged.Count == 2, "both copies of the callback");

        // One welfare contribution under the receipt pays the fine; the round's pot and the member's welfare paid are untouched.
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions", $"receipt = '{push.Receipt}' AND fund = 'Welfare' AND round_id IS NULL AND payment_request_id IS NOT NULL"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "fine_payments"));
        Assert.Equal(FineStatus.Paid, (await host.Get<FineStore>().FindAsync(fine.Id))!.Status);
        Assert.Equal(Money.Kes(200), await host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
        Assert.Equal(Money.Kes(0), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
        var statement = (await host.Get<MemberStatements>().FindAsync(demo.Samuel, NairobiTime.Today(host.Clock)))!;
        Assert.Equal((Money.Kes(0), Money.Kes(0)), (statement.FinesOwed, statement.WelfarePaid));

        // Nothing owed, nothing offered: a "3" now is not understood.
        await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        Assert.DoesNotContain("Pay fines", await channels.WhatsAppAsync(Phones.Samuel, "3"));
    }

    [Fact]
    public async Task On_USSD_the_fines_are_offered_and_pushed_after_the_session_ends()
    {
        await ChargeFinesAsync(dailyCap: 1_000, days: 2);

        await channels.UssdAsync("ATUid_9", Phones.Samuel, "");
        Assert.Contains("\n3. Pay fines KES 400\n", await channels.UssdAsync("ATUid_9", Phones.Samuel, "1"));
        Assert.StartsWith("CON Pay KES 400 to Umoja Investment Club for your fines", await channels.UssdAsync("ATUid_9", Phones.Samuel, "1*3"));
        Assert.StartsWith("END You will get an M-Pesa prompt for KES 400.", await channels.UssdAsync("ATUid_9", Phones.Samuel, "1*3*1"));

        await ReceiptMessageAsync(demo.Samuel);
        Assert.Equal(2, await DatabaseProbe.CountAsync(host, "fine_payments"));
        Assert.Empty(await host.Get<FineStore>().GetOwedAsync(demo.Samuel.Id));

        // The one payment that settled both fines is one line of the welfare statement, not one per fine.
        using var csv = new MemoryStream();
        await host.Get<CsvReports>().WriteAsync(demo.Chama.Id, CsvReport.Welfare, csv);
        var receipt = Assert.Single(daraja.StkPushes).Receipt;
        var line = Assert.Single(Encoding.UTF8.GetString(csv.ToArray()).Split('\n'), l => l.Contains(receipt!, StringComparison.Ordinal));
        Assert.Contains(",Fine paid,", line, StringComparison.Ordinal);
        Assert.Contains(",400.00,", line, StringComparison.Ordinal);
        Assert.Contains("2 fines from fine", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fine_waived_while_the_push_is_out_leaves_its_share_in_the_welfare_fund_as_the_members_contribution()
    {
        await ChargeFinesAsync(dailyCap: 1_000, days: 2);
        var owed = await host.Get<FineStore>().GetOwedAsync(demo.Samuel.Id);
        Assert.Equal([1, 2], owed.Select(f => f.Day));

        daraja.ScriptStk(StkOutcome.NoCallback);
        var checkout = await host.PushAsync(demo, demo.Samuel, 400, purpose: PaymentPurpose.Fines);
        Assert.Contains("is waived", await channels.WhatsAppAsync(Phones.Patrick, $"WAIVE {owed[0].Id} sick on the due date"));
        await Eventually.ReturnsAsync(() => host.Get<Chama.Mpesa.Client.DarajaClient>().QueryStkAsync(checkout, CancellationToken.None), answer => !answer.Pending, "the push to settle");
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        var receipt = await ReceiptMessageAsync(demo.Samuel);
        Assert.Contains($"fines ({owed[1].Id}); fines go to the welfare fund. KES 200 of it paid no fine and counts as your welfare contribution. You owe no fines now.", receipt.Body);
        Assert.Equal(FineStatus.Waived, (await host.Get<FineStore>().FindAsync(owed[0].Id))!.Status);
        Assert.Equal(FineStatus.Paid, (await host.Get<FineStore>().FindAsync(owed[1].Id))!.Status);
        Assert.Equal(Money.Kes(400), await host.Get<WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
        var statement = (await host.Get<MemberStatements>().FindAsync(demo.Samuel, NairobiTime.Today(host.Clock)))!;
        Assert.Equal((Money.Kes(0), Money.Kes(200)), (statement.FinesOwed, statement.WelfarePaid));
    }

    [Fact]
    public async Task Paying_less_than_the_oldest_fine_pays_none_and_the_fines_stay_owed()
    {
        await ChargeFinesAsync(dailyCap: 1_000, days: 2);

        await host.PushAsync(demo, demo.Samuel, 150, purpose: PaymentPurpose.Fines);

        Assert.Contains("KES 150 of it paid no fine and counts as your welfare contribution. Fines still owed: KES 400.", (await ReceiptMessageAsync(demo.Samuel)).Body);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "fine_payments"));
        Assert.Equal(2, (await host.Get<FineStore>().GetOwedAsync(demo.Samuel.Id)).Count);
    }

    /// <summary>Nobody paid round 1: the fine scheduler runs on each of the first <paramref name="days"/> days late, at 09:00.</summary>
    private async Task ChargeFinesAsync(long? dailyCap, int days)
    {
        await demo.WithLateFineAsync(host, dailyCap);
        for (var day = 0; day < days; day++)
        {
            host.Clock.SetUtcNow(GraceEnded.AddDays(day).AddHours(9));
            await host.Get<FineScheduler>().RunOnceAsync(default);
        }
    }

    private async Task<QueuedMessage> ReceiptMessageAsync(Member member) =>
        (await Eventually.ReturnsAsync(
            () => host.Get<Outbox>().ListForPhoneAsync(member.Phone), messages => messages.Any(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal)), "the receipt"))
        .First(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal));
}

public sealed class SqlitePayFinesTests() : PayFinesTests(Engine.Sqlite);

public sealed class PostgresPayFinesTests() : PayFinesTests(Engine.Postgres);
