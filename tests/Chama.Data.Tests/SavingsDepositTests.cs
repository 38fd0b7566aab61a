using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Chama.Data.Payments;
using Chama.Data.Recording;
using Chama.Data.Savings;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>Savings arrive by every way money arrives (STK push, paybill, recorded), each receipt once, and touch no pot or welfare figure.</summary>
public abstract class SavingsDepositTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private RecordedPayments recorded = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Constitution.Monthly(Money.Kes(10_000)) with { Savings = Money.Kes(1_000) });
        recorded = new RecordedPayments(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Savings_paid_by_push_count_once_however_often_the_callback_comes()
    {
        var first = await PushAsync(umoja.Diana, 1_500, PaymentPurpose.Savings, "QKJ4HT8SV1");
        var again = await SettleAsync("QKJ4HT8SV1", 1_500);

        Assert.Equal((PaymentOutcome.Recorded, PaymentPurpose.Savings, Money.Kes(1_500)), (first.Outcome, first.Purpose, first.SavingsAfter));
        Assert.Equal(PaymentOutcome.AlreadySettled, again.Outcome);
        Assert.Equal(Money.Kes(1_500), await SavingsOfAsync(umoja.Diana));
        Assert.Equal(1, await db.CountAsync("contributions"));
    }

    [Theory]
    [InlineData("UMOJA-3-S")]
    [InlineData("umoja 3 s")]
    [InlineData("UMOJA#3-S")]
    public async Task Paybill_money_whose_reference_ends_in_S_goes_to_the_members_savings(string reference)
    {
        var settled = await PaybillAsync("QKJ4HT8PB1", 2_000, reference);

        Assert.Equal((PaymentOutcome.Recorded, PaymentPurpose.Savings), (settled.Outcome, settled.Purpose));
        Assert.Equal(Money.Kes(2_000), await SavingsOfAsync(umoja.Diana));
        Assert.True((await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).Collected.IsZero);
    }

    [Fact]
    public async Task Paybill_savings_for_no_member_wait_in_suspense()
    {
        var settled = await PaybillAsync("QKJ4HT8PB1", 2_000, "UMOJA-9-S");

        Assert.Equal(PaymentOutcome.Suspense, settled.Outcome);
        Assert.Equal(0, await db.CountAsync("contributions"));
        Assert.Equal(1, await db.CountAsync("suspense_payments"));
    }

    [Fact]
    public async Task A_payment_recorded_into_savings_is_the_members_savings()
    {
        var result = await recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Samuel.Seat, Money.Kes(700), Fund.Savings, Receipt.Parse("CASH-SAV-1")), "test", (_, _) => []);
        var again = await recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Samuel.Seat, Money.Kes(700), Fund.Savings, Receipt.Parse("CASH-SAV-1")), "test", (_, _) => []);

        Assert.Equal(Fund.Savings, result.Payment.Contribution.Fund);
        Assert.Null(result.Round);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(Money.Kes(700), await SavingsOfAsync(umoja.Samuel));
    }

    [Fact]
    public async Task A_receipt_already_counted_in_the_pot_is_refused_as_savings_and_the_other_way_round()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        await PushAsync(umoja.Diana, 1_000, PaymentPurpose.Savings, "QKJ4HT8SV1");

        var asSavings = await Assert.ThrowsAsync<ChamaException>(() =>
            recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Diana.Seat, Money.Kes(10_000), Fund.Savings, Receipt.Parse("QKJ4HT8MZ1")), "test", (_, _) => []));
        var asPot = await Assert.ThrowsAsync<ChamaException>(() => db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 1_000, "QKJ4HT8SV1"), TestDatabase.Treasurer));
        var byPaybill = await PaybillAsync("QKJ4HT8SV1", 1_000, "UMOJA-3-S");

        Assert.Equal((ChamaError.ReceiptConflict, ChamaError.ReceiptConflict), (asSavings.Error, asPot.Error));
        Assert.Equal(PaymentOutcome.AlreadySettled, byPaybill.Outcome);
        Assert.Equal(Money.Kes(1_000), await SavingsOfAsync(umoja.Diana));
        Assert.Equal(2, await db.CountAsync("contributions"));
    }

    [Fact]
    public async Task Savings_money_changes_no_pot_welfare_or_contribution_figure()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 4_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        var pot = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);
        var statement = (await new MemberStatements(db.Database).FindAsync(umoja.Grace, new DateOnly(2026, 1, 10)))!;

        await PushAsync(umoja.Grace, 3_000, PaymentPurpose.Savings, "QKJ4HT8SV1");
        await PaybillAsync("QKJ4HT8PB1", 2_000, "UMOJA-1-S");
        await recorded.RecordAsync(umoja.Patrick, new PaymentToRecord(umoja.Grace.Seat, Money.Kes(500), Fund.Savings, Receipt.Parse("CASH-SAV-1")), "test", (_, _) => []);

        var potAfter = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);
        var statementAfter = (await new MemberStatements(db.Database).FindAsync(umoja.Grace, new DateOnly(2026, 1, 10)))!;
        Assert.Equal((pot.Collected, pot.For(umoja.Grace.Id)!.Remainder), (potAfter.Collected, potAfter.For(umoja.Grace.Id)!.Remainder));
        Assert.Equal((statement.Paid, statement.WelfarePaid, statement.Credit), (statementAfter.Paid, statementAfter.WelfarePaid, statementAfter.Credit));
        Assert.True((await db.Welfare.GetBalanceAsync(umoja.Chama.Id)).IsZero);
        Assert.Equal(Money.Kes(5_500), await SavingsOfAsync(umoja.Grace));
    }

    [Fact]
    public async Task A_recorded_savings_payment_is_not_reversed_by_a_correction()
    {
        var esther = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Esther Njeri", "0744000005", 5, MemberRoles.Secretary), TestDatabase.Treasurer);
        await recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Samuel.Seat, Money.Kes(700), Fund.Savings, Receipt.Parse("CASH-SAV-1")), "test", (_, _) => []);
        var corrections = new PaymentCorrections(db.Database, db.Clock);
        var proposed = await corrections.ProposeAsync(umoja.Patrick, "CASH-SAV-1", "counted twice", "test", (_, _) => []);

        var decided = await corrections.DecideAsync(esther, proposed.Correction!.Id, Decision.Approve, null, "test", (_, _) => []);

        Assert.Equal(CorrectionOutcome.CannotReverse, decided.Outcome);
        Assert.Equal(0, await db.CountAsync("payment_reversals"));
        Assert.Equal(Money.Kes(700), await SavingsOfAsync(umoja.Samuel));
    }

    private async Task<SettledPayment> PushAsync(Member member, long shillings, PaymentPurpose purpose, string receipt)
    {
        var requests = new PaymentRequestStore(db.Database, db.Clock);
        var queued = await requests.QueueAsync(new NewPaymentRequest($"pay:{receipt}", umoja.Chama.Id, member.Id, umoja.Round1.Id, Money.Kes(shillings), member.Phone, "whatsapp", purpose));
        await requests.ClaimQueuedAsync(10);
        await requests.RecordCheckoutAsync(queued.Id, $"ws_CO_{receipt}");
        return await SettleAsync(receipt, shillings);
    }

    private Task<SettledPayment> SettleAsync(string receipt, long shillings) =>
        new StkSettlements(db.Database, db.Clock).SettleAsync(
            new StkResult($"ws_CO_{receipt}", "0", "The service request is processed successfully.", Money.Kes(shillings), receipt), "stk", "{}", _ => []);

    private Task<SettledPayment> PaybillAsync(string transId, long shillings, string reference) =>
        new PaybillPayments(db.Database, db.Clock).ConfirmAsync(new PaybillPayment(transId, Money.Kes(shillings), reference, "2547 ***** 003"), "{}", _ => []);

    private Task<Money> SavingsOfAsync(Member member) =>
        db.Database.ReadAsync((_, transaction) => SavingsBook.MemberSavingsAsync(transaction, member.Id, "KES"));
}

public sealed class SqliteSavingsDepositTests() : SavingsDepositTests(Engine.Sqlite);

public sealed class PostgresSavingsDepositTests() : SavingsDepositTests(Engine.Postgres);
