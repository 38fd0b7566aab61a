using Chama.Core;
using Chama.Data.Savings;
using Chama.Tests;

namespace Chama.Data.Tests;

public abstract class SavingsBookTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private LoanRows rows = null!;

    private long ChamaId => umoja.Chama.Id;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        rows = new LoanRows(db);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Savings_are_the_savings_deposits_plus_repayment_excess_less_pledges_taken_and_shared_out_savings()
    {
        await rows.ContributionAsync(ChamaId, umoja.Diana.Id, "Savings", 300_000, "QKJ4HT8SV1");
        await rows.ContributionAsync(ChamaId, umoja.Diana.Id, "Savings", 200_000, "QKJ4HT8SV2");
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8PT1"), TestDatabase.Treasurer);
        var loan = await rows.LoanAsync(ChamaId, umoja.Diana.Id, 900_000);
        await rows.EventAsync(loan, "PaidOut");
        await rows.RepaymentAsync(ChamaId, umoja.Diana.Id, loan, "QKJ4HT8LN1", 0, 9_000, 300_000, 1_000);
        var samuelsLoan = await rows.LoanAsync(ChamaId, umoja.Samuel.Id, 400_000);
        await rows.EventAsync(samuelsLoan, "PaidOut");
        await rows.RecoveryAsync(samuelsLoan, umoja.Diana.Id, "Pledge", 2_000, 8_000, 90_000);

        Assert.Equal(Money.Kes(4_010), await SavingsOfAsync(umoja.Diana.Id));

        var shareOut = await rows.ShareOutAsync(ChamaId, umoja.Grace.Id);
        await rows.ShareOutLineAsync(shareOut, umoja.Diana.Id, 401_000, 5_000, 0);
        Assert.Equal(Money.Kes(4_010), await SavingsOfAsync(umoja.Diana.Id));

        await rows.ShareOutEventAsync(shareOut, "Approved");
        Assert.Equal(Money.Kes(0), await SavingsOfAsync(umoja.Diana.Id));
    }

    [Fact]
    public async Task Pot_and_welfare_money_are_not_savings()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(umoja.Grace.Id, Money.Kes(500), "QKJ4HT8MW1", TestDatabase.Treasurer);

        Assert.True((await SavingsOfAsync(umoja.Grace.Id)).IsZero);
        Assert.Equal(new PooledFund(Money.Kes(0), Money.Kes(0), Money.Kes(0)), await FundAsync());
    }

    [Fact]
    public async Task Savings_by_member_agrees_with_each_members_savings()
    {
        await rows.ContributionAsync(ChamaId, umoja.Grace.Id, "Savings", 100_000, "QKJ4HT8SV1");
        await rows.ContributionAsync(ChamaId, umoja.Diana.Id, "Savings", 250_000, "QKJ4HT8SV2");
        var loan = await rows.LoanAsync(ChamaId, umoja.Diana.Id, 200_000);
        await rows.EventAsync(loan, "PaidOut");
        await rows.RepaymentAsync(ChamaId, umoja.Diana.Id, loan, "QKJ4HT8LN1", 0, 2_000, 200_000, 7_000);

        var all = await db.Database.ReadAsync((_, transaction) => SavingsBook.SavingsByMemberAsync(transaction, ChamaId, "KES"));

        Assert.Equal(2, all.Count);
        Assert.Equal(Money.Kes(1_000), all[umoja.Grace.Id]);
        Assert.Equal(Money.Kes(2_570), all[umoja.Diana.Id]);
        Assert.Equal(all[umoja.Diana.Id], await SavingsOfAsync(umoja.Diana.Id));
    }

    [Fact]
    public async Task A_pledge_is_held_while_the_loan_is_open_and_the_guarantor_has_not_declined()
    {
        var open = await rows.LoanAsync(ChamaId, umoja.Samuel.Id, 400_000);
        await rows.GuarantorAsync(open, umoja.Diana.Id, 100_000);
        var accepted = await rows.GuarantorAsync(open, umoja.Grace.Id, 100_000);
        await rows.AnswerAsync(accepted, "Accepted");
        var declinedLoan = await rows.LoanAsync(ChamaId, umoja.Patrick.Id, 300_000);
        var declined = await rows.GuarantorAsync(declinedLoan, umoja.Diana.Id, 75_000);
        await rows.AnswerAsync(declined, "Declined");
        await rows.EventAsync(declinedLoan, "Declined");

        Assert.Equal(Money.Kes(1_000), await PledgedAsync(umoja.Diana.Id));
        Assert.Equal(Money.Kes(1_000), await PledgedAsync(umoja.Grace.Id));
        Assert.True((await PledgedAsync(umoja.Samuel.Id)).IsZero);
    }

    [Theory]
    [InlineData("Withdrawn")]
    [InlineData("Rejected")]
    [InlineData("Repaid")]
    [InlineData("Recovered")]
    public async Task A_loan_that_has_ended_holds_no_pledge(string ending)
    {
        var loan = await rows.LoanAsync(ChamaId, umoja.Samuel.Id, 400_000);
        await rows.GuarantorAsync(loan, umoja.Diana.Id, 100_000);
        Assert.Equal(Money.Kes(1_000), await PledgedAsync(umoja.Diana.Id));

        await rows.EventAsync(loan, ending);

        Assert.True((await PledgedAsync(umoja.Diana.Id)).IsZero);
    }

    [Fact]
    public async Task A_pledge_already_taken_by_a_recovery_is_no_longer_held()
    {
        var loan = await rows.LoanAsync(ChamaId, umoja.Samuel.Id, 400_000);
        await rows.EventAsync(loan, "PaidOut");
        await rows.EventAsync(loan, "Defaulted");
        await rows.GuarantorAsync(loan, umoja.Diana.Id, 100_000);
        await rows.GuarantorAsync(loan, umoja.Grace.Id, 100_000);

        await rows.RecoveryAsync(loan, umoja.Diana.Id, "Pledge", 0, 0, 100_000);

        Assert.True((await PledgedAsync(umoja.Diana.Id)).IsZero);
        Assert.Equal(Money.Kes(1_000), await PledgedAsync(umoja.Grace.Id));
    }

    [Fact]
    public async Task The_pooled_fund_holds_savings_and_earnings_less_what_is_lent_out()
    {
        await rows.ContributionAsync(ChamaId, umoja.Grace.Id, "Savings", 500_000, "QKJ4HT8SV1");
        await rows.ContributionAsync(ChamaId, umoja.Diana.Id, "Savings", 500_000, "QKJ4HT8SV2");
        var paidOut = await rows.LoanAsync(ChamaId, umoja.Diana.Id, 600_000);
        await rows.EventAsync(paidOut, "PaidOut");
        var onlyApproved = await rows.LoanAsync(ChamaId, umoja.Grace.Id, 300_000);
        await rows.EventAsync(onlyApproved, "Approved");
        await rows.RepaymentAsync(ChamaId, umoja.Diana.Id, paidOut, "QKJ4HT8LN1", 6_000, 6_000, 200_000, 3_000);

        var fund = await FundAsync();

        Assert.Equal(Money.Kes(10_030), fund.Savings);
        Assert.Equal(Money.Kes(120), fund.Earnings);
        Assert.Equal(Money.Kes(4_000), fund.LentOut);
        Assert.Equal(Money.Kes(6_150), fund.Balance);
    }

    [Fact]
    public async Task A_recovery_moves_savings_onto_the_loan_without_changing_the_cash_held()
    {
        await rows.ContributionAsync(ChamaId, umoja.Grace.Id, "Savings", 500_000, "QKJ4HT8SV1");
        var loan = await rows.LoanAsync(ChamaId, umoja.Samuel.Id, 300_000);
        await rows.EventAsync(loan, "PaidOut");
        var before = await FundAsync();

        await rows.RecoveryAsync(loan, umoja.Grace.Id, "Pledge", 3_000, 3_000, 100_000);

        var after = await FundAsync();
        Assert.Equal(Money.Kes(3_940), after.Savings);
        Assert.Equal(Money.Kes(60), after.Earnings);
        Assert.Equal(Money.Kes(2_000), after.LentOut);
        Assert.Equal(before.Balance, after.Balance);
    }

    [Fact]
    public async Task An_approved_share_out_takes_out_exactly_what_it_pays()
    {
        await rows.ContributionAsync(ChamaId, umoja.Grace.Id, "Savings", 500_000, "QKJ4HT8SV1");
        await rows.ContributionAsync(ChamaId, umoja.Samuel.Id, "Savings", 100_000, "QKJ4HT8SV2");
        var loan = await rows.LoanAsync(ChamaId, umoja.Samuel.Id, 100_000);
        await rows.EventAsync(loan, "PaidOut");
        await rows.RepaymentAsync(ChamaId, umoja.Samuel.Id, loan, "QKJ4HT8LN1", 0, 12_000, 0, 0);
        var before = await FundAsync();
        var shareOut = await rows.ShareOutAsync(ChamaId, umoja.Grace.Id);
        await rows.ShareOutLineAsync(shareOut, umoja.Grace.Id, 500_000, 10_000, 0);
        await rows.ShareOutLineAsync(shareOut, umoja.Samuel.Id, 100_000, 2_000, 100_000);

        await rows.ShareOutEventAsync(shareOut, "Approved");
        await rows.RecoveryAsync(loan, umoja.Samuel.Id, "ShareOut", 0, 0, 100_000);

        // Paid: Grace 5,100, Samuel 20 (his 1,020 less the 1,000 his loan still owed), the whole fund.
        Assert.Equal(Money.Kes(5_120), before.Balance);
        Assert.Equal(new PooledFund(Money.Kes(0), Money.Kes(0), Money.Kes(0)), await FundAsync());
        Assert.True((await SavingsOfAsync(umoja.Samuel.Id)).IsZero);
    }

    private Task<Money> SavingsOfAsync(long memberId) =>
        db.Database.ReadAsync((_, transaction) => SavingsBook.MemberSavingsAsync(transaction, memberId, "KES"));

    private Task<Money> PledgedAsync(long memberId) =>
        db.Database.ReadAsync((_, transaction) => SavingsBook.PledgedAsync(transaction, memberId, "KES"));

    private Task<PooledFund> FundAsync() =>
        db.Database.ReadAsync((_, transaction) => SavingsBook.FundAsync(transaction, ChamaId, "KES"));
}

public sealed class SqliteSavingsBookTests() : SavingsBookTests(Engine.Sqlite);

public sealed class PostgresSavingsBookTests() : SavingsBookTests(Engine.Postgres);
