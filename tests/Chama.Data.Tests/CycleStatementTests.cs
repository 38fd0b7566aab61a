using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Chama.Data.Payments;
using Chama.Data.Reports;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>A member's statement read from the ledger's tables: every movement this cycle, and totals equal to the balance and the reports.</summary>
public abstract class CycleStatementTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private CycleStatements statements = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Constitution.Monthly(Money.Kes(10_000)) with { LateFine = Money.Kes(200) });
        statements = new CycleStatements(db.Database);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private DateOnly Today => NairobiTime.Today(db.Clock);

    [Fact]
    public async Task Payments_credit_fines_and_welfare_of_the_cycle_are_read_in_order_with_how_they_came()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 15_000, "CASH-2026-001"), TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(umoja.Samuel.Id, Money.Kes(300), "QKJ4HT8MW1", TestDatabase.Treasurer);
        var pushed = await PushAsync(umoja.Samuel, 700, PaymentPurpose.Welfare, "QKJ4HT8MW2");
        Assert.Equal(PaymentPurpose.Welfare, pushed.Purpose);

        // Round 2 (due 28 February) passes its grace unpaid beyond the credit: Samuel is fined; one fine is waived.
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        var fines = new FineStore(db.Database, db.Clock);
        var fine = Assert.Single(await fines.ChargeAsync(umoja.Chama, umoja.Round2), f => f.MemberId == umoja.Samuel.Id);
        await fines.WaiveAsync(umoja.Grace, fine.Id, "sick on the due date", "whatsapp");

        var statement = (await statements.FindAsync(umoja.Samuel, Today))!;

        Assert.Equal(
            [
                (MovementKind.Contribution, 15_000L, (int?)1, "CASH-2026-001", PaymentRoute.Recorded, false),
                (MovementKind.CreditCarriedOut, 5_000, 1, "CASH-2026-001", PaymentRoute.None, false),
                (MovementKind.CreditApplied, 5_000, 2, "CASH-2026-001", PaymentRoute.None, false),
                (MovementKind.WelfarePaid, 300, null, "QKJ4HT8MW1", PaymentRoute.Recorded, false),
                (MovementKind.WelfarePaid, 700, null, "QKJ4HT8MW2", PaymentRoute.StkPush, true),
                (MovementKind.RoundDue, 10_000, 1, "", PaymentRoute.None, false),
                (MovementKind.RoundDue, 10_000, 2, "", PaymentRoute.None, false),
                (MovementKind.FineCharged, 200, 2, $"{fine.Id}", PaymentRoute.None, false),
                (MovementKind.FineWaived, 200, 2, $"{fine.Id}", PaymentRoute.None, false),
                (MovementKind.RoundDue, 10_000, 3, "", PaymentRoute.None, false),
            ],
            statement.Lines.Select(l => (l.Movement.Kind, l.Movement.Amount.Minor / 100, l.Movement.Round, l.Movement.Reference, l.Movement.Route, l.Movement.Voluntary)));
        Assert.Equal([15_000L, 15_000, 15_000, 15_000, 15_000, 5_000, -5_000, -5_000, -5_000, -15_000], statement.Lines.Select(l => l.Balance.Minor / 100));
        Assert.Equal((Money.Kes(1_000), Money.Kes(200), Money.Kes(200)), (statement.WelfarePaid, statement.FinesCharged, statement.FinesWaived));
    }

    [Fact]
    public async Task A_push_of_fines_is_listed_as_the_fines_it_paid_and_the_rest_as_welfare()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 9, 0, 0, TimeSpan.Zero));
        var fine = Assert.Single(await new FineStore(db.Database, db.Clock).ChargeAsync(umoja.Chama, umoja.Round1), f => f.MemberId == umoja.Diana.Id);

        await PushAsync(umoja.Diana, 500, PaymentPurpose.Fines, "QKJ4HT8MF1");

        var statement = (await statements.FindAsync(umoja.Diana, Today))!;
        Assert.Equal(
            [(MovementKind.FinePaid, 200L, "QKJ4HT8MF1"), (MovementKind.WelfarePaid, 300, "QKJ4HT8MF1")],
            statement.Lines.Where(l => l.Movement.Route == PaymentRoute.StkPush).Select(l => (l.Movement.Kind, l.Movement.Amount.Minor / 100, l.Movement.Reference)));
        Assert.Equal($"{fine.Id}", statement.Lines.Single(l => l.Movement.Kind == MovementKind.FineCharged).Movement.Reference);
        Assert.False(statement.Lines.Single(l => l.Movement.Kind == MovementKind.WelfarePaid).Movement.Voluntary);
    }

    [Fact]
    public async Task A_welfare_payout_to_the_member_is_listed_and_one_to_another_member_is_not()
    {
        await db.Welfare.RecordContributionAsync(umoja.Grace.Id, Money.Kes(5_000), "QKJ4HT8MW1", TestDatabase.Treasurer);
        var samuels = await db.Welfare.RequestAsync(umoja.Samuel.Id, WelfareKind.Hospital, Money.Kes(1_500), "Admitted", TestDatabase.Treasurer);
        var dianas = await db.Welfare.RequestAsync(umoja.Diana.Id, WelfareKind.Funeral, Money.Kes(2_000), "Her father", TestDatabase.Treasurer);
        await db.Welfare.PayAsync(umoja.Chama.Id, samuels.Id, Money.Kes(1_500), "UAB1CD2EF3", TestDatabase.Treasurer);
        await db.Welfare.PayAsync(umoja.Chama.Id, dianas.Id, Money.Kes(2_000), "UAB1CD2EF4", TestDatabase.Treasurer);

        var statement = (await statements.FindAsync(umoja.Samuel, Today))!;

        var received = Assert.Single(statement.Lines, l => l.Movement.Kind == MovementKind.WelfareReceived).Movement;
        Assert.Equal((Money.Kes(1_500), "UAB1CD2EF3"), (received.Amount, received.Reference));
        Assert.Equal((Money.Kes(1_500), Money.Kes(0)), (statement.WelfareReceived, statement.WelfarePaid));
    }

    [Fact]
    public async Task A_member_outside_the_rotation_or_a_chama_without_a_running_cycle_has_no_statement()
    {
        var late = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Late Joiner", "0744000005", 5), TestDatabase.Treasurer);
        Assert.Null(await statements.FindAsync(late, Today));

        await db.Cycles.CloseCycleAsync(umoja.Cycle.Id, TestDatabase.Treasurer);
        Assert.Null(await statements.FindAsync(umoja.Diana, Today));
    }

    /// <summary>
    /// Random payments into random rounds and the welfare fund, recorded by the real ledger over some months: each
    /// member's statement ends at the balance's figure (credit less due now and arrears), its paid total is their rows
    /// of the contributions report, and its welfare total is their welfare rows and the balance's welfare paid.
    /// </summary>
    [Fact]
    public async Task For_random_payments_each_statement_equals_the_balance_and_the_ledgers_reports()
    {
        var random = new Random(16);
        var receipts = 0;
        for (var payment = 0; payment < 40; payment++)
        {
            db.Clock.Advance(TimeSpan.FromHours(random.Next(1, 72)));
            var member = umoja.Members[random.Next(umoja.Members.Count)];
            var receipt = $"QKR{++receipts:0000000}";
            if (random.Next(5) == 0)
            {
                await db.Welfare.RecordContributionAsync(member.Id, Money.Kes(random.Next(1, 1_000)), receipt, TestDatabase.Treasurer);
                continue;
            }

            var round = umoja.Rounds[random.Next(umoja.Rounds.Count)];
            await db.Ledger.RecordAsync(umoja.Pay(member, random.Next(1, 25_000), receipt, round), TestDatabase.Treasurer);
        }

        var balances = new MemberStatements(db.Database);
        var ledger = (await new LedgerReports(db.Database).ReadAsync(umoja.Chama.Id, LedgerParts.Contributions))!;
        foreach (var member in umoja.Members)
        {
            var statement = (await statements.FindAsync(member, Today))!;
            var balance = (await balances.FindAsync(member, Today))!;
            Money Reported(Fund fund) => ledger.Contributions.Where(c => c.MemberId == member.Id && c.Fund == fund).Aggregate(Money.Kes(0), (sum, c) => sum + c.Amount);

            Assert.Equal(balance.Credit - balance.DueNow - balance.Arrears, statement.Balance);
            Assert.Equal(Reported(Fund.Pot), statement.Paid);
            Assert.Equal((Reported(Fund.Welfare), Reported(Fund.Welfare)), (statement.WelfarePaid, balance.WelfarePaid));
            Assert.Equal(statement.Paid, statement.Lines.Where(l => l.Movement.Kind == MovementKind.Contribution).Aggregate(Money.Kes(0), (sum, l) => sum + l.Movement.Amount));
        }
    }

    private async Task<PaymentRequest> PushAsync(Member member, long shillings, PaymentPurpose purpose, string receipt)
    {
        var requests = new PaymentRequestStore(db.Database, db.Clock);
        var queued = await requests.QueueAsync(new NewPaymentRequest($"pay:{receipt}", umoja.Chama.Id, member.Id, umoja.Round1.Id, Money.Kes(shillings), member.Phone, "whatsapp", purpose));
        await requests.ClaimQueuedAsync(10);
        await requests.RecordCheckoutAsync(queued.Id, $"ws_CO_{receipt}");
        var settled = await new StkSettlements(db.Database, db.Clock).SettleAsync(
            new StkResult($"ws_CO_{receipt}", "0", "The service request is processed successfully.", Money.Kes(shillings), receipt), "stk", "{}", _ => []);
        Assert.Equal((PaymentOutcome.Recorded, purpose == PaymentPurpose.Welfare ? PaymentPurpose.Welfare : PaymentPurpose.Contribution), (settled.Outcome, settled.Purpose));
        return (await requests.FindAsync(queued.Id))!;
    }
}

public sealed class SqliteCycleStatementTests() : CycleStatementTests(Engine.Sqlite);

public sealed class PostgresCycleStatementTests() : CycleStatementTests(Engine.Postgres);
