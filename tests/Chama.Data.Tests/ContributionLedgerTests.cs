using System.Data.Common;
using Chama.Core;
using Chama.Tests;

namespace Chama.Data.Tests;

public abstract class ContributionLedgerTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Quick_start_summary_reads_30000_of_40000_waiting_on_Samuel_Kimani()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Patrick, 10_000, "QKJ4HT8MZ2"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZ3"), TestDatabase.Treasurer);

        var summary = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);

        Assert.Equal("Collected: KES 30,000 / 40,000", summary.CollectedLine);
        Assert.False(summary.IsDisbursable);
        Assert.Equal(["Samuel Kimani"], summary.Defaulters.Select(d => d.Member.Name));
        Assert.Equal("Grace Wanjiku", summary.Recipient.Name);
    }

    [Fact]
    public async Task Round_becomes_disbursable_when_everyone_has_paid()
    {
        var receipt = 0;
        foreach (var member in umoja.Members)
        {
            await db.Ledger.RecordAsync(umoja.Pay(member, 10_000, $"QKJ4HT8M{++receipt:00}"), TestDatabase.Treasurer);
        }

        var summary = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);
        Assert.True(summary.IsDisbursable);
        Assert.Equal(Money.Kes(40_000), summary.Collected);
    }

    [Fact]
    public async Task Contribution_is_recorded_against_its_mpesa_receipt()
    {
        var recorded = await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);

        Assert.False(recorded.AlreadyRecorded);
        Assert.Equal("QKJ4HT8MZP", recorded.Contribution.Receipt.Value);
        Assert.Equal(umoja.Diana.Id, recorded.Contribution.MemberId);
        Assert.Equal(Money.Kes(10_000), recorded.Contribution.Amount);
        Assert.Equal(db.Clock.GetUtcNow(), recorded.Contribution.RecordedAt);
    }

    [Fact]
    public async Task Same_receipt_again_is_a_no_op_that_returns_the_first_record()
    {
        var first = await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);

        Assert.True(again.AlreadyRecorded);
        Assert.Equal(first.Contribution, again.Contribution);
        Assert.Equal(1, await db.CountAsync("contributions"));
        Assert.Equal(Money.Kes(10_000), (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).Collected);
    }

    [Fact]
    public async Task Same_receipt_with_another_amount_is_refused_as_a_conflict_and_nothing_changes()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);
        var audited = await db.CountAsync("audit_log");

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 9_000, "QKJ4HT8MZP"), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.ReceiptConflict, error.Error);
        Assert.Equal(1, await db.CountAsync("contributions"));
        Assert.Equal(audited, await db.CountAsync("audit_log"));
        Assert.Equal(Money.Kes(10_000), (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).For(umoja.Diana.Id)!.Paid);
    }

    [Fact]
    public async Task Same_receipt_for_another_member_is_refused_as_a_conflict()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.ReceiptConflict, error.Error);
        Assert.Equal(PaymentStatus.Unpaid, (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).For(umoja.Samuel.Id)!.Status);
    }

    [Fact]
    public async Task Partial_payment_stays_pending_with_remainder()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 4_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);

        var samuel = (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).For(umoja.Samuel.Id)!;
        Assert.Equal(PaymentStatus.Partial, samuel.Status);
        Assert.Equal(Money.Kes(6_000), samuel.Remainder);
    }

    [Fact]
    public async Task Partial_payments_add_up_until_paid()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 4_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 3_500, "QKJ4HT8MZ2"), TestDatabase.Treasurer);
        Assert.Equal(Money.Kes(2_500), (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).For(umoja.Samuel.Id)!.Remainder);

        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 2_500, "CASH-0001"), TestDatabase.Treasurer);

        var samuel = (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).For(umoja.Samuel.Id)!;
        Assert.Equal(PaymentStatus.Paid, samuel.Status);
        Assert.Equal(0, await db.CountAsync("credit_entries"));
    }

    [Fact]
    public async Task Over_payment_becomes_credit_applied_to_the_members_next_round()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 15_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);

        var round1 = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);
        var round2 = await db.Ledger.GetRoundSummaryAsync(umoja.Round2.Id);
        Assert.Equal(PaymentStatus.Paid, round1.For(umoja.Diana.Id)!.Status);
        Assert.Equal(Money.Kes(10_000), round1.Collected);
        Assert.Equal(PaymentStatus.Partial, round2.For(umoja.Diana.Id)!.Status);
        Assert.Equal(Money.Kes(5_000), round2.For(umoja.Diana.Id)!.Remainder);
        // Two explicit entries: out of round 1, into round 2.
        Assert.Equal(2, await db.CountAsync("credit_entries"));
        Assert.True((await db.Ledger.GetUnappliedCreditAsync(umoja.Diana.Id, "KES")).IsZero);
    }

    [Fact]
    public async Task A_large_over_payment_fills_rounds_one_after_another()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 25_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);

        Assert.Equal(PaymentStatus.Paid, (await db.Ledger.GetRoundSummaryAsync(umoja.Rounds[0].Id)).For(umoja.Diana.Id)!.Status);
        Assert.Equal(PaymentStatus.Paid, (await db.Ledger.GetRoundSummaryAsync(umoja.Rounds[1].Id)).For(umoja.Diana.Id)!.Status);
        Assert.Equal(Money.Kes(5_000), (await db.Ledger.GetRoundSummaryAsync(umoja.Rounds[2].Id)).For(umoja.Diana.Id)!.Paid);
    }

    [Fact]
    public async Task Over_payment_in_the_last_round_is_held_as_credit_for_a_later_cycle()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 12_000, "QKJ4HT8MZP", umoja.Rounds[3]), TestDatabase.Treasurer);

        Assert.Equal(Money.Kes(2_000), await db.Ledger.GetUnappliedCreditAsync(umoja.Diana.Id, "KES"));
        Assert.Equal(Money.Kes(40_000) - Money.Kes(30_000), (await db.Ledger.GetRoundSummaryAsync(umoja.Rounds[3].Id)).Collected);
    }

    [Fact]
    public async Task Defaulters_are_listed_in_seat_order_with_what_each_still_owes()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Patrick, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 1_000, "QKJ4HT8MZ2"), TestDatabase.Treasurer);

        var defaulters = (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).Defaulters;

        Assert.Equal(["Grace Wanjiku", "Diana Mwangi", "Samuel Kimani"], defaulters.Select(d => d.Member.Name));
        Assert.Equal([Money.Kes(10_000), Money.Kes(10_000), Money.Kes(9_000)], defaulters.Select(d => d.Remainder));
    }

    [Fact]
    public async Task Nothing_that_records_money_can_be_updated_or_deleted()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 15_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);
        await using var connection = await db.ConnectAsync();
        await using (var hold = connection.CreateCommand())
        {
            hold.CommandText = "INSERT INTO suspense_payments (trans_id, bill_ref, amount_minor, currency, masked_msisdn, received_at) VALUES ('UAB1CD2EF3', 'X', 100, 'KES', '2547 *** 126', 0);";
            await hold.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[]
        {
            "UPDATE suspense_payments SET amount_minor = 1;",
            "DELETE FROM suspense_payments;",
            "UPDATE contributions SET amount_minor = 1;",
            "DELETE FROM contributions;",
            "UPDATE credit_entries SET amount_minor = 1;",
            "DELETE FROM credit_entries;",
            "DELETE FROM audit_log;",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message);
        }
    }

    [Fact]
    public async Task The_schema_itself_refuses_a_second_row_for_one_receipt()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), TestDatabase.Treasurer);
        await using var connection = await db.ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at) VALUES ({umoja.Chama.Id}, {umoja.Round1.Id}, {umoja.Samuel.Id}, 'Pot', 100, 'KES', 'QKJ4HT8MZP', 0);";

        var error = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
        Assert.True(db.IsUniqueViolation(error), error.Message);
    }

    [Fact]
    public async Task Every_recorded_payment_is_audited()
    {
        var before = await db.CountAsync("audit_log");
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP"), Actor.Member(umoja.Diana.Id, "whatsapp"));
        Assert.Equal(before + 1, await db.CountAsync("audit_log"));
    }
}

public sealed class SqliteContributionLedgerTests() : ContributionLedgerTests(Engine.Sqlite);

public sealed class PostgresContributionLedgerTests() : ContributionLedgerTests(Engine.Postgres);
