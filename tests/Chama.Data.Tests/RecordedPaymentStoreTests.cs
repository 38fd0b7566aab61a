using System.Data.Common;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Recording;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// Recorded payments in the store, on both engines: a reversal takes back exactly what the payment left in each round and
/// as credit, once; a welfare reversal needs the fund to hold the money; the new tables refuse changes.
/// </summary>
public abstract class RecordedPaymentStoreTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private Member esther = null!;
    private RecordedPayments recorded = null!;
    private PaymentCorrections corrections = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        esther = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Esther Njeri", "0744000005", 5, MemberRoles.Secretary), TestDatabase.Treasurer);
        recorded = new RecordedPayments(db.Database, db.Clock);
        corrections = new PaymentCorrections(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_reversal_takes_back_what_the_payment_left_in_every_round_and_as_credit_past_the_last()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 4_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        var payment = await RecordAsync(umoja.Samuel.Seat, 50_000, "CASH-BIG-1");

        var before = await db.Ledger.GetCycleSummariesAsync(umoja.Cycle.Id);
        Assert.Equal([10_000L, 10_000, 10_000, 10_000], before.Select(s => PaidBy(s, umoja.Samuel) / 100));
        Assert.Equal(Money.Kes(14_000), await db.Ledger.GetUnappliedCreditAsync(umoja.Samuel.Id, "KES"));

        var correction = await ReverseAsync(payment.Payment.Receipt.Value);

        Assert.Equal(CorrectionOutcome.Reversed, correction.Outcome);
        var after = await db.Ledger.GetCycleSummariesAsync(umoja.Cycle.Id);
        Assert.Equal([4_000L, 0, 0, 0], after.Select(s => PaidBy(s, umoja.Samuel) / 100));
        Assert.Equal(Money.Kes(0), await db.Ledger.GetUnappliedCreditAsync(umoja.Samuel.Id, "KES"));
        var statement = (await new MemberStatements(db.Database).FindAsync(umoja.Samuel, new DateOnly(2026, 1, 10)))!;
        Assert.Equal((Money.Kes(4_000), Money.Kes(0)), (statement.Paid, statement.Credit));
        Assert.Equal(1, await db.CountAsync("payment_reversals"));
    }

    [Fact]
    public async Task A_reversed_payment_is_a_line_of_the_members_statement_and_its_balance_still_equals_the_balance()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 4_000, "QKJ4HT8ST1"), TestDatabase.Treasurer);
        await RecordAsync(umoja.Samuel.Seat, 16_000, "CASH-STM-1");
        db.Clock.Advance(TimeSpan.FromHours(1));
        await ReverseAsync("CASH-STM-1");
        var today = new DateOnly(2026, 1, 31);

        var statement = (await new CycleStatements(db.Database).FindAsync(umoja.Samuel, today))!;
        var balance = (await new MemberStatements(db.Database).FindAsync(umoja.Samuel, today))!;

        var reversed = Assert.Single(statement.Lines, l => l.Movement.Kind == MovementKind.PaymentReversed).Movement;
        Assert.Equal((Money.Kes(16_000), "CASH-STM-1"), (reversed.Amount, reversed.Reference));
        Assert.Equal(balance.Credit - balance.DueNow - balance.Arrears, statement.Balance);
        Assert.Equal((Money.Kes(4_000), Money.Kes(-6_000)), (statement.Paid, statement.Balance));
    }

    [Fact]
    public async Task Recorded_payments_sit_in_the_account_their_reference_names_and_a_reversal_takes_them_out_of_it()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 1_000, "QKJ4HT8PB1"), TestDatabase.Treasurer);
        await RecordAsync(umoja.Samuel.Seat, 2_000, "CASH-ACC-1");
        await RecordAsync(umoja.Samuel.Seat, 3_000, "QKJ4HT8OF1");
        await RecordAsync(umoja.Diana.Seat, 4_000, "BANK-FT2334");
        db.Clock.Advance(TimeSpan.FromHours(1));
        await ReverseAsync("CASH-ACC-1");

        var accounts = new Accounts.AccountStore(db.Database, db.Clock);
        var balances = (await accounts.ListAsync(umoja.Chama.Id)).ToDictionary(b => b.Account.Kind, b => (b.In, b.Out));

        // The paybill holds what came by M-Pesa to it; an M-Pesa receipt an officer recorded went to that officer's own number.
        Assert.Equal((Money.Kes(1_000), Money.Kes(0)), balances[AccountKind.Mpesa]);
        Assert.Equal((Money.Kes(5_000), Money.Kes(2_000)), balances[AccountKind.Cash]);
        Assert.Equal((Money.Kes(4_000), Money.Kes(0)), balances[AccountKind.Bank]);
        var cash = await accounts.MovementsAsync(umoja.Chama.Id, AccountKind.Cash);
        Assert.Equal([("CASH-ACC-1", "Pot", 2_000_00L), ("QKJ4HT8OF1", "Pot", 3_000_00L), ("CASH-ACC-1", "Reversal", -2_000_00L)], cash.Select(m => (m.Reference, m.What, m.Amount.Minor)));
    }

    [Fact]
    public async Task A_payment_is_reversed_once_and_the_schema_refuses_a_second_reversal()
    {
        var payment = await RecordAsync(umoja.Samuel.Seat, 5_000, "CASH-ONCE-1");
        var correction = await ReverseAsync(payment.Payment.Receipt.Value);

        var again = await corrections.ProposeAsync(umoja.Patrick, payment.Payment.Receipt.Value, "again", "test", (_, _) => []);
        var late = await corrections.DecideAsync(esther, correction.Correction!.Id, Decision.Approve, null, "test", (_, _) => []);

        Assert.Equal(CorrectionOutcome.AlreadyReversed, again.Outcome);
        Assert.Equal(CorrectionOutcome.NotOpen, late.Outcome);
        await using var connection = await db.ConnectAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO payment_reversals (chama_id, contribution_id, correction_id, amount_minor, currency, reversed_at) SELECT chama_id, contribution_id, correction_id, amount_minor, currency, reversed_at FROM payment_reversals;"));
    }

    [Fact]
    public async Task A_welfare_payment_the_fund_has_paid_out_cannot_be_reversed_and_nothing_is_voted()
    {
        var payment = await RecordAsync(umoja.Samuel.Seat, 500, "CASH-WELFARE-1", Fund.Welfare);
        Assert.Equal(Money.Kes(500), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
        await db.Welfare.PayAsync(umoja.Chama.Id, null, Money.Kes(300), "TKL919G2AV", TestDatabase.Treasurer);

        var proposed = await corrections.ProposeAsync(umoja.Patrick, payment.Payment.Receipt.Value, "not paid", "test", (_, _) => []);
        var refused = await corrections.DecideAsync(esther, proposed.Correction!.Id, Decision.Approve, null, "test", (_, _) => []);

        Assert.Equal(CorrectionOutcome.CannotReverse, refused.Outcome);
        Assert.Equal(1, await db.CountAsync("decision_votes"));
        Assert.Equal(Money.Kes(200), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task A_welfare_payment_reversed_leaves_the_fund()
    {
        var payment = await RecordAsync(umoja.Samuel.Seat, 500, "CASH-WELFARE-2", Fund.Welfare);

        await ReverseAsync(payment.Payment.Receipt.Value);

        Assert.Equal(Money.Kes(0), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task Recorded_payments_disputes_corrections_and_reversals_are_append_only()
    {
        var payment = await RecordAsync(umoja.Samuel.Seat, 5_000, "CASH-APPEND-1");
        await new PaymentDisputes(db.Database, db.Clock).DisputeAsync(umoja.Samuel, payment.Payment.Receipt.Value, "test", (_, _) => []);
        await ReverseAsync(payment.Payment.Receipt.Value);
        await using var connection = await db.ConnectAsync();

        foreach (var table in new[] { "recorded_payments", "payment_disputes", "payment_corrections", "payment_reversals", "reversal_entries" })
        {
            foreach (var sql in new[] { $"UPDATE {table} SET id = id;", $"DELETE FROM {table};" })
            {
                var error = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(sql));
                Assert.Contains("append-only", error.Message);
            }
        }
    }

    private static long PaidBy(RoundSummary summary, Member member) => summary.Members.Single(m => m.Member.Id == member.Id).Paid.Minor;

    private Task<RecordedPaymentResult> RecordAsync(int seat, long shillings, string reference, Fund fund = Fund.Pot) =>
        recorded.RecordAsync(umoja.Grace, new PaymentToRecord(seat, Money.Kes(shillings), fund, Receipt.Parse(reference)), "test", (_, _) => []);

    /// <summary>Patrick proposes, Esther approves: the quorum of 2, without Grace who recorded it.</summary>
    private async Task<CorrectionResult> ReverseAsync(string reference)
    {
        var proposed = await corrections.ProposeAsync(umoja.Patrick, reference, "counted twice", "test", (_, _) => []);
        Assert.Equal(CorrectionOutcome.Recorded, proposed.Outcome);
        var refused = await corrections.DecideAsync(umoja.Grace, proposed.Correction!.Id, Decision.Approve, null, "test", (_, _) => []);
        Assert.Equal(CorrectionOutcome.Concerned, refused.Outcome);
        return await corrections.DecideAsync(esther, proposed.Correction.Id, Decision.Approve, null, "test", (_, _) => []);
    }
}

public sealed class SqliteRecordedPaymentStoreTests() : RecordedPaymentStoreTests(Engine.Sqlite);

public sealed class PostgresRecordedPaymentStoreTests() : RecordedPaymentStoreTests(Engine.Postgres);
