using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Ledger;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>The welfare levy (Rule 4): owed for each round up to the current one, paid into the welfare fund.</summary>
public abstract class WelfareLevyTests(Engine engine) : IAsyncLifetime
{
    /// <summary>Round 3 (due 31 March) is the current round: three rounds are levied.</summary>
    private static readonly DateOnly Today = new(2026, 3, 5);

    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private MemberStatements statements = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Constitution.Monthly(Money.Kes(10_000)) with { WelfareLevy = Money.Kes(100) });
        statements = new MemberStatements(db.Database);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task The_levy_is_owed_for_every_round_up_to_the_current_one_less_welfare_paid_this_cycle()
    {
        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(150), "QKJ4HT8MW1", TestDatabase.Treasurer);

        Assert.Equal(Money.Kes(150), (await statements.FindAsync(umoja.Diana, Today))!.LevyOwed);
        Assert.Equal(Money.Kes(300), (await statements.FindAsync(umoja.Samuel, Today))!.LevyOwed);
        Assert.Equal(Money.Kes(100), (await statements.FindAsync(umoja.Samuel, new DateOnly(2026, 1, 20)))!.LevyOwed);
    }

    [Fact]
    public async Task A_levy_changed_during_a_round_applies_from_the_next_round()
    {
        // Raised to 300 on 10 February, during round 2: rounds 1 and 2 stay at 100, round 3 is levied 300.
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 10, 9, 0, 0, NairobiTime.Offset));
        var constitutions = new ConstitutionStore(db.Database, db.Chamas, db.Clock);
        var (_, proposal) = await constitutions.ProposeAsync(umoja.Grace, RuleChange.TryParse("LEVY", "300")!, "test");
        Assert.Equal(RuleOutcome.InForce, (await constitutions.DecideAsync(umoja.Patrick, proposal!.Id, Decision.Approve, null, "test")).Outcome);

        Assert.Equal(Money.Kes(200), (await statements.FindAsync(umoja.Samuel, new DateOnly(2026, 2, 20)))!.LevyOwed);
        Assert.Equal(Money.Kes(500), (await statements.FindAsync(umoja.Samuel, Today))!.LevyOwed);
    }

    [Fact]
    public async Task Welfare_paid_beyond_the_levy_leaves_nothing_owed()
    {
        await db.Welfare.RecordContributionAsync(umoja.Grace.Id, Money.Kes(1_000), "QKJ4HT8MW2", TestDatabase.Treasurer);

        Assert.Equal(Money.Zero("KES"), (await statements.FindAsync(umoja.Grace, Today))!.LevyOwed);
    }

    [Fact]
    public async Task Welfare_paid_before_the_cycle_started_does_not_pay_this_cycles_levy()
    {
        var jirani = await db.Chamas.CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)) with { WelfareLevy = Money.Kes(50) }, TestDatabase.Treasurer);
        var amina = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Amina Hassan", "0700000011", 1), TestDatabase.Treasurer);
        await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Otieno Were", "0700000012", 2), TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(amina.Id, Money.Kes(50), "QKJ4HT8MW3", TestDatabase.Treasurer);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        await db.Cycles.StartCycleAsync(jirani.Id, new DateOnly(2026, 1, 31), TestDatabase.Treasurer);

        Assert.Equal(Money.Kes(50), (await statements.FindAsync(amina, new DateOnly(2026, 1, 20)))!.LevyOwed);
    }
}

public sealed class SqliteWelfareLevyTests() : WelfareLevyTests(Engine.Sqlite);

public sealed class PostgresWelfareLevyTests() : WelfareLevyTests(Engine.Postgres);
