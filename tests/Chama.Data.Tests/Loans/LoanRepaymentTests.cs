using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Mpesa;
using Chama.Data.Payments;
using Chama.Data.Recording;
using Chama.Data.Savings;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests.Loans;

/// <summary>
/// Money reaches a loan by every way money arrives (STK push, paybill, recorded) through one split: penalty, interest,
/// principal, the excess to the borrower's savings; the loan is marked repaid once nothing is owed.
/// </summary>
public abstract class LoanRepaymentTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private RecordedPayments recorded = null!;
    private long loanId;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        recorded = new RecordedPayments(db.Database, db.Clock);
        loanId = await PaidOutLoanAsync(umoja.Diana, 30_000);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_repayment_pays_the_penalty_then_the_interest_then_the_principal()
    {
        await ChargeAsync(1, "Penalty", 100);

        var settled = await PushAsync(11_000, "QKJ4HT8LN1");

        var split = settled.Repayment!.Split;
        Assert.Equal((PaymentOutcome.Recorded, PaymentPurpose.Loan), (settled.Outcome, settled.Purpose));
        Assert.Equal((Money.Kes(100), Money.Kes(300), Money.Kes(10_600), Money.Kes(0)), (split.Penalty, split.Interest, split.Principal, split.Excess));
        Assert.Equal((Money.Kes(19_400), false), (settled.Repayment.Outstanding, settled.Repayment.Repaid));
        Assert.Equal((2, Money.Kes(9_400)), (settled.Repayment.Next!.Number, settled.Repayment.NextAmount));
        Assert.Equal(LoanStage.Repaying, (await LoadAsync()).Stage);
        Assert.Equal(1, await db.CountAsync("contributions WHERE fund = 'Loan'"));
    }

    [Fact]
    public async Task Paying_more_than_is_owed_clears_the_loan_once_and_keeps_the_excess_as_savings()
    {
        var settled = await PushAsync(31_000, "QKJ4HT8LN1");
        var again = await SettleAsync("QKJ4HT8LN1", 31_000);

        Assert.Equal((Money.Kes(300), Money.Kes(30_000), Money.Kes(700)), (settled.Repayment!.Split.Interest, settled.Repayment.Split.Principal, settled.Repayment.Split.Excess));
        Assert.True(settled.Repayment.Repaid);
        Assert.True(settled.Repayment.Outstanding.IsZero);
        Assert.Equal(PaymentOutcome.AlreadySettled, again.Outcome);
        Assert.Equal(LoanStage.Repaid, (await LoadAsync()).Stage);
        Assert.Equal(1, await db.CountAsync("loan_repayments"));
        Assert.Equal(1, await db.CountAsync("loan_events WHERE status = 'Repaid'"));
        Assert.Equal(Money.Kes(700), await SavingsOfAsync(umoja.Diana));
        var fund = await db.Database.ReadAsync((_, t) => SavingsBook.FundAsync(t, umoja.Chama.Id, "KES"));
        Assert.Equal((Money.Kes(700), Money.Kes(300), Money.Kes(0)), (fund.Savings, fund.Earnings, fund.LentOut));
    }

    [Fact]
    public async Task A_push_answered_after_the_loan_was_cleared_another_way_goes_whole_to_savings()
    {
        var requests = new PaymentRequestStore(db.Database, db.Clock);
        var late = await QueueAsync(requests, 5_000, "QKJ4HT8LN2");
        await PaybillAsync("QKJ4HT8PB1", 30_300, "UMOJA-3-L");

        var settled = await SettleAsync("QKJ4HT8LN2", 5_000);

        Assert.Equal(late.Id, settled.PaymentRequestId);
        Assert.Equal((Money.Kes(0), Money.Kes(5_000)), (settled.Repayment!.Split.Principal, settled.Repayment.Split.Excess));
        Assert.False(settled.Repayment.Repaid);
        Assert.Equal(Money.Kes(5_000), await SavingsOfAsync(umoja.Diana));
    }

    [Theory]
    [InlineData("UMOJA-3-L")]
    [InlineData("umoja 3 l")]
    [InlineData("L{0}")]
    public async Task Paybill_money_naming_the_loan_or_the_borrowers_loan_ending_repays_it(string reference)
    {
        var settled = await PaybillAsync("QKJ4HT8PB1", 10_300, string.Format(System.Globalization.CultureInfo.InvariantCulture, reference, loanId));

        Assert.Equal((PaymentOutcome.Recorded, PaymentPurpose.Loan, umoja.Diana.Id), (settled.Outcome, settled.Purpose, settled.Member!.Id));
        Assert.Equal(Money.Kes(10_000), settled.Repayment!.Split.Principal);
        Assert.Equal(Money.Kes(20_000), (await LoadAsync()).Position(new DateOnly(2026, 1, 10), 0)!.PrincipalOutstanding);
    }

    [Fact]
    public async Task Paybill_money_for_a_member_with_no_loan_being_repaid_waits_in_suspense()
    {
        var settled = await PaybillAsync("QKJ4HT8PB1", 1_000, "UMOJA-4-L");

        Assert.Equal(PaymentOutcome.Suspense, settled.Outcome);
        Assert.Equal(0, await db.CountAsync("loan_repayments"));
    }

    [Fact]
    public async Task An_officer_records_a_repayment_of_the_members_loan()
    {
        var result = await recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Diana.Seat, Money.Kes(5_000), Fund.Loan, Receipt.Parse("CASH-LN-1")), "test", (_, _) => []);

        Assert.Equal(Fund.Loan, result.Payment.Contribution.Fund);
        Assert.Equal((Money.Kes(300), Money.Kes(4_700)), (result.Repayment!.Split.Interest, result.Repayment.Split.Principal));
        Assert.Equal(1, await db.CountAsync("loan_repayments"));
    }

    [Fact]
    public async Task Recording_a_repayment_for_a_member_with_no_loan_is_refused_and_changes_nothing()
    {
        var refused = await Assert.ThrowsAsync<ChamaException>(() =>
            recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Samuel.Seat, Money.Kes(5_000), Fund.Loan, Receipt.Parse("CASH-LN-1")), "test", (_, _) => []));

        Assert.Equal(ChamaError.LoanNotOpen, refused.Error);
        Assert.Equal(0, await db.CountAsync("contributions"));
    }

    [Fact]
    public async Task A_repayment_receipt_already_counted_in_the_pot_is_refused()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        var pot = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);

        var refused = await Assert.ThrowsAsync<ChamaException>(() =>
            recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Diana.Seat, Money.Kes(10_000), Fund.Loan, Receipt.Parse("QKJ4HT8MZ1")), "test", (_, _) => []));
        await PushAsync(2_000, "QKJ4HT8LN1");

        Assert.Equal(ChamaError.ReceiptConflict, refused.Error);
        Assert.Equal(pot.Collected, (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).Collected);
        Assert.Equal(1, await db.CountAsync("loan_repayments"));
    }

    [Fact]
    public async Task The_statement_lists_the_loan_received_its_repayments_with_their_split_and_savings_without_touching_the_pot_balance()
    {
        await WriteInUmojaAsync(async (c, t) =>
        {
            var payout = await c.ExecuteScalarAsync<long>(
                """
                INSERT INTO disbursements (kind, subject_id, attempt, chama_id, recipient_member_id, receive_phone, amount_minor, currency, originator_conversation_id, created_at)
                VALUES ('Loan', @loanId, 1, @Chama, @Member, '+254733000003', 3000000, 'KES', 'oc-loan-1', @At) RETURNING id;
                """,
                new { loanId, Chama = umoja.Chama.Id, Member = umoja.Diana.Id, At = db.Clock.GetUtcNow().ToUnixTimeMilliseconds() },
                t);
            return await c.ExecuteAsync(
                "INSERT INTO disbursement_events (disbursement_id, status, transaction_id, at) VALUES (@payout, 'Completed', 'SLK0000001', @At);",
                new { payout, At = db.Clock.GetUtcNow().ToUnixTimeMilliseconds() },
                t);
        });
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await PushAsync(31_000, "QKJ4HT8LN1");
        await recorded.RecordAsync(umoja.Grace, new PaymentToRecord(umoja.Diana.Seat, Money.Kes(500), Fund.Savings, Receipt.Parse("CASH-SAV-1")), "test", (_, _) => []);

        var statement = (await new Chama.Data.Ledger.CycleStatements(db.Database).FindAsync(umoja.Diana, new DateOnly(2026, 1, 10)))!;

        var lines = statement.Lines.Select(l => l.Movement).Where(m => m.Kind is MovementKind.LoanReceived or MovementKind.LoanRepaid or MovementKind.SavingsPaid).ToList();
        Assert.Equal([MovementKind.LoanReceived, MovementKind.LoanRepaid, MovementKind.SavingsPaid], lines.Select(m => m.Kind));
        Assert.Equal(($"L{loanId}", Money.Kes(30_000), "SLK0000001"), (lines[0].Loan, lines[0].Amount, lines[0].Reference));
        Assert.Equal((PaymentRoute.StkPush, new RepaymentSplit(Money.Kes(0), Money.Kes(300), Money.Kes(30_000), Money.Kes(700))), (lines[1].Route, lines[1].Split));
        Assert.Equal((PaymentRoute.Recorded, Money.Kes(500)), (lines[2].Route, lines[2].Amount));
        Assert.Equal(Money.Kes(500), statement.SavingsPaid);
        Assert.True(statement.Paid.IsZero);
        Assert.All(lines, m => Assert.True(m.Effect.IsZero));
    }

    /// <summary>A loan of <paramref name="shillings"/> paid out now: 3 months, flat 1% a month, its first month's interest charged.</summary>
    private Task<long> PaidOutLoanAsync(Member borrower, long shillings) =>
        WriteInUmojaAsync(async (c, t) =>
        {
            var id = await c.ExecuteScalarAsync<long>(
                """
                INSERT INTO loans (chama_id, member_id, principal_minor, currency, term_months, interest_method, interest_rate_bp, penalty_percent, request_key, channel, requested_at)
                VALUES (@Chama, @Member, @Principal, 'KES', 3, 'Flat', 100, 10, 'ask-1', 'test', 0) RETURNING id;
                """,
                new { Chama = umoja.Chama.Id, Member = borrower.Id, Principal = Money.Kes(shillings).Minor },
                t);
            await LoanBook.TryAddEventAsync(t, id, "PaidOut", "", db.Clock.GetUtcNow());
            await LoanBook.InsertScheduleAsync(t, id, LoanSchedule.Plan(Money.Kes(shillings), InterestMethod.Flat, 100, 3, new DateOnly(2026, 1, 10), 100));
            await c.ExecuteAsync(
                "INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@id, 1, 'Interest', @Minor, 0);", new { id, Money.Kes(shillings / 100).Minor }, t);
            return id;
        });

    private Task ChargeAsync(int instalment, string kind, long shillings) =>
        WriteInUmojaAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@loanId, @instalment, @kind, @Minor, 0);",
            new { loanId, instalment, kind, Money.Kes(shillings).Minor },
            t));

    private async Task<SettledPayment> PushAsync(long shillings, string receipt)
    {
        await QueueAsync(new PaymentRequestStore(db.Database, db.Clock), shillings, receipt);
        return await SettleAsync(receipt, shillings);
    }

    private async Task<PaymentRequest> QueueAsync(PaymentRequestStore requests, long shillings, string receipt)
    {
        var queued = await requests.QueueAsync(new NewPaymentRequest(
            $"pay:{receipt}", umoja.Chama.Id, umoja.Diana.Id, null, Money.Kes(shillings), umoja.Diana.Phone, "whatsapp", PaymentPurpose.Loan, loanId));
        await requests.ClaimQueuedAsync(10);
        await requests.RecordCheckoutAsync(queued.Id, $"ws_CO_{receipt}");
        return queued;
    }

    private Task<SettledPayment> SettleAsync(string receipt, long shillings) =>
        new StkSettlements(db.Database, db.Clock).SettleAsync(
            new StkResult($"ws_CO_{receipt}", "0", "The service request is processed successfully.", Money.Kes(shillings), receipt), "stk", "{}", _ => []);

    private Task<SettledPayment> PaybillAsync(string transId, long shillings, string reference) =>
        new PaybillPayments(db.Database, db.Clock).ConfirmAsync(new PaybillPayment(transId, Money.Kes(shillings), reference, "2547 ***** 003"), "{}", _ => []);

    private Task<LoanFacts> LoadAsync() => db.Database.ReadAsync(async (_, t) => (await LoanBook.LoadAsync(t, loanId))!);

    private Task<Money> SavingsOfAsync(Member member) =>
        db.Database.ReadAsync((_, t) => SavingsBook.MemberSavingsAsync(t, member.Id, "KES"));

    /// <summary>A write of Umoja's rows made by the test itself, entering the chama as every store's write does.</summary>
    private Task<T> WriteInUmojaAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work) =>
        db.Database.WriteInChamaAsync(umoja.Chama.Id, work);
}

public sealed class SqliteLoanRepaymentTests() : LoanRepaymentTests(Engine.Sqlite);

public sealed class PostgresLoanRepaymentTests() : LoanRepaymentTests(Engine.Postgres);
