using Chama.Core;
using Chama.Data.Ledger;
using Chama.Tests;

namespace Chama.Data.Tests;

public abstract class MemberStatementTests(Engine engine) : IAsyncLifetime
{
    /// <summary>Round 3 (due 31 March) is the current round: rounds 1 and 2 are past, round 4 is ahead.</summary>
    private static readonly DateOnly Today = new(2026, 3, 5);

    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private MemberStatements statements = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        statements = new MemberStatements(db.Database);

        // Diana pays 25,000 into round 1: 10,000 stays, 10,000 fills round 2 and 5,000 goes on into round 3.
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 25_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        // Samuel pays part of round 1 in two payments.
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 3_000, "QKJ4HT8MZ2"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 1_000, "QKJ4HT8MZ3"), TestDatabase.Treasurer);
        // Grace pays ahead into the last round, 2,000 more than it asks: that is carried out, unapplied.
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 12_000, "QKJ4HT8MZ4", umoja.Rounds[3]), TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(500), "QKJ4HT8MW1", TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(250), "QKJ4HT8MW2", TestDatabase.Treasurer);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Credit_carried_forward_counts_as_paid_in_the_rounds_it_fills()
    {
        var diana = (await statements.FindAsync(umoja.Diana, Today))!;

        Assert.Equal(umoja.Rounds[2], diana.CurrentRound);
        Assert.Equal(Money.Kes(25_000), diana.Paid);
        Assert.Equal(Money.Kes(5_000), diana.DueNow);
        Assert.Equal(Money.Kes(0), diana.Arrears);
        Assert.Equal(Money.Kes(0), diana.Credit);
        Assert.Equal(Money.Kes(750), diana.WelfarePaid);
        Assert.Equal(umoja.Rounds[2], diana.TurnRound);
    }

    [Fact]
    public async Task Past_rounds_not_fully_paid_are_arrears()
    {
        var samuel = (await statements.FindAsync(umoja.Samuel, Today))!;

        Assert.Equal(Money.Kes(4_000), samuel.Paid);
        Assert.Equal(Money.Kes(10_000), samuel.DueNow);
        Assert.Equal(Money.Kes(16_000), samuel.Arrears);
        Assert.Equal(Money.Kes(0), samuel.Credit);
        Assert.Equal(Money.Kes(0), samuel.WelfarePaid);
        Assert.Equal(umoja.Rounds[3], samuel.TurnRound);
    }

    [Fact]
    public async Task Money_in_later_rounds_and_unapplied_credit_are_credit()
    {
        var grace = (await statements.FindAsync(umoja.Grace, Today))!;

        Assert.Equal(Money.Kes(10_000), grace.Paid);
        Assert.Equal(Money.Kes(10_000), grace.DueNow);
        Assert.Equal(Money.Kes(20_000), grace.Arrears);
        Assert.Equal(Money.Kes(12_000), grace.Credit);
        Assert.Equal(umoja.Rounds[0], grace.TurnRound);
    }

    [Fact]
    public async Task Once_every_due_date_has_passed_the_last_round_is_current()
    {
        var samuel = (await statements.FindAsync(umoja.Samuel, new DateOnly(2026, 6, 1)))!;

        Assert.Equal(umoja.Rounds[3], samuel.CurrentRound);
        Assert.Equal(Money.Kes(10_000), samuel.DueNow);
        Assert.Equal(Money.Kes(26_000), samuel.Arrears);
    }

    [Fact]
    public async Task Each_members_paid_figure_agrees_with_the_cycles_round_summaries()
    {
        var summaries = await db.Ledger.GetCycleSummariesAsync(umoja.Cycle.Id);

        foreach (var member in umoja.Members)
        {
            var statement = (await statements.FindAsync(member, Today))!;
            Assert.Equal(summaries.Aggregate(Money.Kes(0), (sum, s) => sum + s.For(member.Id)!.Paid), statement.Paid);
        }
    }

    [Fact]
    public async Task A_member_outside_the_rotation_or_a_chama_without_a_running_cycle_has_no_statement()
    {
        var late = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Late Joiner", "0744000005", 5), TestDatabase.Treasurer);
        Assert.Null(await statements.FindAsync(late, Today));

        await db.Cycles.CloseCycleAsync(umoja.Cycle.Id, TestDatabase.Treasurer);
        Assert.Null(await statements.FindAsync(umoja.Diana, Today));
    }
}

public sealed class SqliteMemberStatementTests() : MemberStatementTests(Engine.Sqlite);

public sealed class PostgresMemberStatementTests() : MemberStatementTests(Engine.Postgres);
