using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Outbox;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests.Loans;

/// <summary>
/// A loan over time: each month's interest charged once at the month's start, a penalty once on each missed instalment,
/// and a default once the missed instalments reach the constitution's number. Diana borrows KES 30,000 on 10 January
/// at 1.5% a month on the reducing balance over 6 months: instalments of KES 5,266 due on the 10th of February to July,
/// three days' grace, guaranteed by Patrick and Samuel.
/// </summary>
public abstract class LoanChargeTests(Engine engine) : IAsyncLifetime
{
    private static readonly LoanRules Lending = new(3, null, InterestMethod.Reducing, 150, 12, 2, 50, 10, 80, 3);

    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private long loanId;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Constitution.Monthly(Money.Kes(10_000)) with { Loans = Lending });
        await using var connection = await db.ConnectAsync();
        loanId = await PaidOutLoans.SeedAsync(
            connection, umoja.Chama.Id, umoja.Diana.Id, Money.Kes(30_000), InterestMethod.Reducing, 150, 6, db.Clock.GetUtcNow(),
            [(umoja.Patrick.Id, Money.Kes(7_500)), (umoja.Samuel.Id, Money.Kes(7_500))]);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private LoanCharges Charges => new(db.Database, db.Clock);

    [Fact]
    public async Task Each_months_interest_is_charged_once_at_its_start_across_retries_and_a_restart()
    {
        var first = await Charges.ChargeAsync(umoja.Chama, loanId, Quiet);
        Assert.Equal([new LoanCharge(1, LoanChargeKind.Interest, Money.Kes(450))], first!.Charged);
        Assert.Null(await Charges.ChargeAsync(umoja.Chama, loanId, Quiet));

        // Month 2 starts the day after instalment 1 falls due (10 February); nothing is repaid, so 1.5% of 30,000 again.
        SetNairobi(2026, 2, 10);
        Assert.Null(await Charges.ChargeAsync(umoja.Chama, loanId, Quiet));
        SetNairobi(2026, 2, 11);
        await db.ReopenAsync();
        Assert.Equal([new LoanCharge(2, LoanChargeKind.Interest, Money.Kes(450))], (await Charges.ChargeAsync(umoja.Chama, loanId, Quiet))!.Charged);
        Assert.Null(await Charges.ChargeAsync(umoja.Chama, loanId, Quiet));

        Assert.Equal(2, await db.CountAsync("loan_charges"));
    }

    [Fact]
    public async Task The_same_charge_twice_is_refused_by_the_database()
    {
        await Charges.ChargeAsync(umoja.Chama, loanId, Quiet);

        await using var connection = await db.ConnectAsync();
        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@loanId, 1, 'Interest', 45000, 0);", new { loanId }));
        Assert.True(db.IsUniqueViolation(refused));
    }

    [Fact]
    public async Task Repaying_early_lowers_and_then_stops_reducing_balance_interest()
    {
        await Charges.ChargeAsync(umoja.Chama, loanId, Quiet);
        SetNairobi(2026, 1, 20);
        await using (var connection = await db.ConnectAsync())
        {
            // On 20 January Diana pays month 1's interest and 20,000 of the principal: month 2 is charged on 10,000.
            await PaidOutLoans.RepayAsync(connection, umoja.Chama.Id, loanId, umoja.Diana.Id, new(Money.Kes(0), Money.Kes(450), Money.Kes(20_000)), "QKJ4HT8ML1", db.Clock.GetUtcNow());
        }

        SetNairobi(2026, 2, 11);
        Assert.Equal([new LoanCharge(2, LoanChargeKind.Interest, Money.Kes(150))], (await Charges.ChargeAsync(umoja.Chama, loanId, Quiet))!.Charged);

        await using (var connection = await db.ConnectAsync())
        {
            await PaidOutLoans.RepayAsync(connection, umoja.Chama.Id, loanId, umoja.Diana.Id, new(Money.Kes(0), Money.Kes(150), Money.Kes(10_000)), "QKJ4HT8ML2", db.Clock.GetUtcNow());
        }

        SetNairobi(2026, 3, 11);
        Assert.Null(await Charges.ChargeAsync(umoja.Chama, loanId, Quiet));
        Assert.Equal(2, await db.CountAsync("loan_charges"));
    }

    [Fact]
    public async Task A_missed_instalment_is_charged_its_penalty_once_after_the_grace_days()
    {
        await Charges.ChargeAsync(umoja.Chama, loanId, Quiet);
        SetNairobi(2026, 2, 13);
        var withinGrace = await Charges.ChargeAsync(umoja.Chama, loanId, Quiet);
        Assert.DoesNotContain(withinGrace!.Charged, c => c.Kind == LoanChargeKind.Penalty);

        // 10% of what is unpaid of instalment 1: its principal of 4,816 and month 1's interest of 450, 526.60 rounded to 527.
        SetNairobi(2026, 2, 14);
        Assert.Equal([new LoanCharge(1, LoanChargeKind.Penalty, Money.Kes(527))], (await Charges.ChargeAsync(umoja.Chama, loanId, Quiet))!.Charged);
        SetNairobi(2026, 2, 28);
        Assert.Null(await Charges.ChargeAsync(umoja.Chama, loanId, Quiet));

        Assert.Equal(1, await db.CountAsync("loan_charges WHERE kind = 'Penalty'"));
    }

    [Fact]
    public async Task A_loan_falls_into_default_once_when_its_missed_instalments_reach_the_rule_and_everyone_concerned_is_told()
    {
        SetNairobi(2026, 3, 14);
        var twoMissed = await Charges.ChargeAsync(umoja.Chama, loanId, ToEveryone);
        Assert.False(twoMissed!.DefaultedNow);
        Assert.Equal(2, twoMissed.Position.Missed);

        SetNairobi(2026, 4, 14);
        var defaulted = await Charges.ChargeAsync(umoja.Chama, loanId, ToEveryone);
        Assert.True(defaulted!.DefaultedNow);
        Assert.Equal(3, defaulted.Position.Missed);
        SetNairobi(2026, 5, 14);
        Assert.False((await Charges.ChargeAsync(umoja.Chama, loanId, ToEveryone))!.DefaultedNow);

        Assert.Equal(1, await db.CountAsync("loan_events WHERE status = 'Defaulted'"));
        var told = await db.Database.ReadAsync((c, t) => c.QueryAsync<long>("SELECT member_id FROM outbound_messages WHERE idempotency_key LIKE 'test-default:%' ORDER BY member_id;", transaction: t));
        Assert.Equal(new[] { umoja.Grace.Id, umoja.Patrick.Id, umoja.Diana.Id, umoja.Samuel.Id }.Order(), told);
    }

    [Fact]
    public async Task A_loan_of_another_chama_or_not_yet_paid_out_is_not_charged()
    {
        var other = await db.Chamas.CreateChamaAsync("Jirani Group", "JIRANI", Constitution.Monthly(Money.Kes(500)) with { Loans = Lending }, TestDatabase.Treasurer);

        Assert.Null(await Charges.ChargeAsync(other, loanId, Quiet));
        Assert.Equal(0, await db.CountAsync("loan_charges"));
    }

    private static IEnumerable<OutboundMessage> Quiet(LoanChargesMade made, IReadOnlyList<Member> officers) => [];

    /// <summary>One message to each member a default concerns: officers, the borrower, the guarantors (each once).</summary>
    private static IEnumerable<OutboundMessage> ToEveryone(LoanChargesMade made, IReadOnlyList<Member> officers) =>
        made.DefaultedNow
            ? officers.Concat([made.Loan.Borrower]).Concat(made.Loan.Guarantors.Select(g => g.Member)).DistinctBy(m => m.Id)
                .Select(m => new OutboundMessage($"test-default:{made.Loan.Id}:{m.Id}", m.ChamaId, m.Id, m.Phone, "defaulted"))
            : [];

    private void SetNairobi(int year, int month, int day) => db.Clock.SetUtcNow(new DateTimeOffset(year, month, day, 9, 0, 0, NairobiTime.Offset));
}

public sealed class SqliteLoanChargeTests() : LoanChargeTests(Engine.Sqlite);

public sealed class PostgresLoanChargeTests() : LoanChargeTests(Engine.Postgres);
