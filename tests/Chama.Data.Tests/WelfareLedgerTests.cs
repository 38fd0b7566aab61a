using Chama.Core;
using Chama.Tests;

namespace Chama.Data.Tests;

public abstract class WelfareLedgerTests(Engine engine) : IAsyncLifetime
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
    public async Task Welfare_contributions_and_payouts_never_change_pot_figures()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        var potBefore = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);

        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(500), "QKJ4HT8MW1", TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(umoja.Samuel.Id, Money.Kes(500), "QKJ4HT8MW2", TestDatabase.Treasurer);
        var request = await db.Welfare.RequestAsync(umoja.Samuel.Id, WelfareKind.Hospital, Money.Kes(700), "Clinic bill", TestDatabase.Treasurer);
        await db.Welfare.PayAsync(umoja.Chama.Id, request.Id, Money.Kes(700), "B2C-0001", TestDatabase.Treasurer);

        var potAfter = await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id);
        Assert.Equal(potBefore.CollectedLine, potAfter.CollectedLine);
        Assert.Equal(potBefore.Defaulters.Select(d => d.Member.Name), potAfter.Defaulters.Select(d => d.Member.Name));
        Assert.Equal(Money.Kes(300), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task A_payout_never_exceeds_the_welfare_balance()
    {
        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(500), "QKJ4HT8MW1", TestDatabase.Treasurer);

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Welfare.PayAsync(umoja.Chama.Id, null, Money.Kes(501), "B2C-0001", TestDatabase.Treasurer));

        Assert.Equal(ChamaError.InsufficientWelfareFunds, error.Error);
        Assert.Equal(0, await db.CountAsync("welfare_payouts"));
        Assert.Equal(Money.Kes(500), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task Pot_money_is_not_welfare_money()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);

        Assert.True((await db.Welfare.GetBalanceAsync(umoja.Chama.Id)).IsZero);
        await Assert.ThrowsAsync<ChamaException>(() => db.Welfare.PayAsync(umoja.Chama.Id, null, Money.Kes(1), "B2C-0001", TestDatabase.Treasurer));
    }

    [Fact]
    public async Task The_same_payout_reference_is_paid_once()
    {
        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(1_000), "QKJ4HT8MW1", TestDatabase.Treasurer);

        var first = await db.Welfare.PayAsync(umoja.Chama.Id, null, Money.Kes(600), "B2C-0001", TestDatabase.Treasurer);
        var again = await db.Welfare.PayAsync(umoja.Chama.Id, null, Money.Kes(600), "B2C-0001", TestDatabase.Treasurer);

        Assert.Equal(first, again);
        Assert.Equal(Money.Kes(400), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task A_welfare_request_is_paid_at_most_once()
    {
        await db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(1_000), "QKJ4HT8MW1", TestDatabase.Treasurer);
        var request = await db.Welfare.RequestAsync(umoja.Samuel.Id, WelfareKind.Funeral, Money.Kes(300), "Burial of my father", TestDatabase.Treasurer);
        await db.Welfare.PayAsync(umoja.Chama.Id, request.Id, Money.Kes(300), "B2C-0001", TestDatabase.Treasurer);

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Welfare.PayAsync(umoja.Chama.Id, request.Id, Money.Kes(300), "B2C-0002", TestDatabase.Treasurer));

        Assert.Equal(ChamaError.WelfareRequestClosed, error.Error);
        Assert.Equal(Money.Kes(700), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task A_pot_receipt_cannot_be_counted_again_as_welfare()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Welfare.RecordContributionAsync(umoja.Diana.Id, Money.Kes(10_000), "QKJ4HT8MZ1", TestDatabase.Treasurer));

        Assert.Equal(ChamaError.ReceiptConflict, error.Error);
        Assert.True((await db.Welfare.GetBalanceAsync(umoja.Chama.Id)).IsZero);
    }
}

public sealed class SqliteWelfareLedgerTests() : WelfareLedgerTests(Engine.Sqlite);

public sealed class PostgresWelfareLedgerTests() : WelfareLedgerTests(Engine.Postgres);
