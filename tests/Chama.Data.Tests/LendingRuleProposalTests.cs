using Chama.Core;
using Chama.Data.Chamas;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>The savings and lending rules, and the payout phone's delay, are proposed and put in force by the quorum like every rule.</summary>
public abstract class LendingRuleProposalTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private ConstitutionStore constitutions = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        constitutions = new ConstitutionStore(db.Database, db.Chamas, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData("SAVINGS", "1000")]
    [InlineData("LOANMULTIPLE", "3")]
    [InlineData("LOANCAP", "100000")]
    [InlineData("INTERESTMODE", "REDUCING")]
    [InlineData("INTEREST", "1.5")]
    [InlineData("LOANTERM", "6")]
    [InlineData("GUARANTORS", "1")]
    [InlineData("PLEDGE", "40")]
    [InlineData("LOANPENALTY", "5")]
    [InlineData("LENDLIMIT", "70")]
    [InlineData("DEFAULTAFTER", "2")]
    [InlineData("PHONEDELAY", "12")]
    public async Task A_savings_or_lending_rule_is_proposed_and_put_in_force_by_the_quorum(string rule, string value)
    {
        var change = RuleChange.TryParse(rule, value)!;

        var (proposed, proposal) = await constitutions.ProposeAsync(umoja.Patrick, change, "test");
        var (decided, _) = await constitutions.DecideAsync(umoja.Grace, proposal!.Id, Decision.Approve, null, "test");

        Assert.Equal((RuleOutcome.Recorded, RuleOutcome.InForce), (proposed, decided));
        db.Chamas.Forget(umoja.Chama.Id);
        var rules = (await db.Chamas.FindChamaAsync(umoja.Chama.Id))!.Constitution;
        Assert.Equal(change.ApplyTo(umoja.Chama.Constitution), rules);
    }
}

public sealed class SqliteLendingRuleProposalTests() : LendingRuleProposalTests(Engine.Sqlite);

public sealed class PostgresLendingRuleProposalTests() : LendingRuleProposalTests(Engine.Postgres);
