using Chama.Core;
using Chama.Data.Loans;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests.Loans;

/// <summary>
/// The one read of a loan: its stage from its events, its schedule from the day it was paid out, and its position from
/// the charges and the repayments and recoveries (each split penalty, interest, principal); and the schema of table
/// banking holds what it promises on both engines.
/// </summary>
public abstract class LoanBookTests(Engine engine) : IAsyncLifetime
{
    private static readonly DateTimeOffset PaidOutAt = new(2026, 1, 10, 21, 30, 0, TimeSpan.Zero); // 11 Jan in Nairobi
    private TestDatabase db = null!;
    private Umoja umoja = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_loan_just_asked_awaits_its_guarantors_and_holds_the_members_one_open_loan()
    {
        var loanId = await AskAsync(umoja.Diana, 30_000, guarantors: [umoja.Samuel, umoja.Patrick]);

        var loan = await ReadAsync(t => LoanBook.LoadAsync(t, loanId));
        var open = await ReadAsync(t => LoanBook.OpenLoanOfAsync(t, umoja.Diana.Id));

        Assert.Equal((LoanStage.AwaitingGuarantors, true, $"L{loanId}"), (loan!.Stage, loan.IsOpen, loan.Code));
        Assert.Equal([umoja.Samuel.Id, umoja.Patrick.Id], loan.Guarantors.Select(g => g.MemberId));
        Assert.All(loan.Guarantors, g => Assert.Equal((Money.Kes(7_500), (GuaranteeAnswer?)null), (g.Pledge, g.Answer)));
        Assert.Equal(loanId, open!.Id);
        Assert.Null(loan.Position(new DateOnly(2026, 1, 11), 3));
    }

    [Theory]
    [InlineData(new[] { "Guaranteed" }, LoanStage.WithOfficers, true)]
    [InlineData(new[] { "Declined" }, LoanStage.Declined, false)]
    [InlineData(new[] { "Guaranteed", "Approved" }, LoanStage.Approved, true)]
    [InlineData(new[] { "Guaranteed", "Rejected" }, LoanStage.Rejected, false)]
    [InlineData(new[] { "Guaranteed", "Approved", "PaidOut", "Defaulted" }, LoanStage.Defaulted, true)]
    [InlineData(new[] { "Guaranteed", "Approved", "PaidOut", "Defaulted", "Recovered" }, LoanStage.Recovered, false)]
    [InlineData(new[] { "Guaranteed", "Approved", "PaidOut", "Repaid" }, LoanStage.Repaid, false)]
    public async Task A_loans_stage_is_read_from_its_events(string[] statuses, LoanStage stage, bool open)
    {
        var loanId = await AskAsync(umoja.Diana, 30_000, guarantors: []);
        foreach (var status in statuses)
        {
            await WriteInUmojaAsync((_, t) => LoanBook.TryAddEventAsync(t, loanId, status, "", db.Clock.GetUtcNow()));
        }

        var loan = await ReadAsync(t => LoanBook.LoadAsync(t, loanId));

        Assert.Equal((stage, open), (loan!.Stage, loan.IsOpen));
        Assert.Equal(open ? loanId : null, (await ReadAsync(t => LoanBook.OpenLoanOfAsync(t, umoja.Diana.Id)))?.Id);
    }

    [Fact]
    public async Task An_event_is_added_once_and_a_retry_is_told_so()
    {
        var loanId = await AskAsync(umoja.Diana, 30_000, guarantors: []);

        var first = await WriteInUmojaAsync((_, t) => LoanBook.TryAddEventAsync(t, loanId, "Approved", "", db.Clock.GetUtcNow()));
        var again = await WriteInUmojaAsync((_, t) => LoanBook.TryAddEventAsync(t, loanId, "Approved", "", db.Clock.GetUtcNow()));

        Assert.Equal((true, false), (first, again));
        Assert.Equal(1, await db.CountAsync("loan_events"));
    }

    [Fact]
    public async Task A_paid_out_loans_schedule_starts_the_Nairobi_day_of_its_payout_and_its_position_counts_repayments_and_recoveries()
    {
        var loanId = await AskAsync(umoja.Diana, 30_000, guarantors: []);
        var schedule = LoanSchedule.Plan(Money.Kes(30_000), InterestMethod.Flat, 100, 3, new DateOnly(2026, 1, 11), 100);
        await WriteInUmojaAsync(async (c, t) =>
        {
            await LoanBook.TryAddEventAsync(t, loanId, "PaidOut", "", PaidOutAt);
            await LoanBook.InsertScheduleAsync(t, loanId, schedule);
            await c.ExecuteAsync("INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@loanId, 1, 'Interest', 30000, 0);", new { loanId }, t);
            var contribution = await c.ExecuteScalarAsync<long>(
                "INSERT INTO contributions (chama_id, member_id, fund, amount_minor, currency, receipt, recorded_at) VALUES (@Chama, @Member, 'Loan', 800000, 'KES', 'QKL1234567', 0) RETURNING id;",
                new { Chama = umoja.Chama.Id, Member = umoja.Diana.Id },
                t);
            await c.ExecuteAsync(
                "INSERT INTO loan_repayments (contribution_id, loan_id, penalty_minor, interest_minor, principal_minor, to_savings_minor) VALUES (@contribution, @loanId, 0, 30000, 770000, 0);",
                new { contribution, loanId },
                t);
            await c.ExecuteAsync(
                "INSERT INTO loan_recoveries (loan_id, member_id, source, penalty_minor, interest_minor, principal_minor, recovered_at) VALUES (@loanId, @Member, 'Pledge', 0, 0, 230000, 0);",
                new { loanId, Member = umoja.Samuel.Id },
                t);
            return 0;
        });

        var loan = await ReadAsync(t => LoanBook.LoadAsync(t, loanId));
        var position = loan!.Position(new DateOnly(2026, 2, 12), 3)!;

        Assert.Equal(LoanStage.Repaying, loan.Stage);
        Assert.Equal(new DateOnly(2026, 1, 11), loan.Schedule!.Start);
        Assert.Equal([new DateOnly(2026, 2, 11), new DateOnly(2026, 3, 11), new DateOnly(2026, 4, 11)], loan.Schedule.Instalments.Select(i => i.Due));
        Assert.Equal(schedule.Instalments, loan.Schedule.Instalments);
        Assert.Equal((Money.Kes(20_000), Money.Kes(0)), (position.PrincipalOutstanding, position.InterestOwed));
        Assert.Equal(2, position.Next!.Number);
    }

    [Fact]
    public async Task Savings_and_loan_money_are_contributions_so_a_receipt_is_unique_across_every_fund()
    {
        await InsertContributionAsync("Savings", "QKS1234567");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => InsertContributionAsync("Loan", "QKS1234567"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => InsertContributionAsync("Shares", "QKS7654321"));
        Assert.Equal(1, await db.CountAsync("contributions WHERE fund = 'Savings'"));
    }

    [Fact]
    public async Task A_charge_is_made_once_per_instalment_and_kind_and_never_changed()
    {
        var loanId = await AskAsync(umoja.Diana, 30_000, guarantors: []);
        const string Charge = "INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@loanId, 1, 'Penalty', 100, 0);";
        await WriteInUmojaAsync((c, t) => c.ExecuteAsync(Charge, new { loanId }, t));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => WriteInUmojaAsync((c, t) => c.ExecuteAsync(Charge, new { loanId }, t)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => WriteInUmojaAsync((c, t) => c.ExecuteAsync("UPDATE loan_charges SET amount_minor = 1;", transaction: t)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => WriteInUmojaAsync((c, t) => c.ExecuteAsync("DELETE FROM loans;", transaction: t)));
    }

    [Fact]
    public async Task A_push_for_savings_or_a_loan_may_name_no_round_but_every_other_push_names_its_round()
    {
        await InsertPushAsync("Savings", "k1");
        await InsertPushAsync("Loan", "k2");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => InsertPushAsync("Contribution", "k3"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => InsertPushAsync("Welfare", "k4"));
        Assert.Equal(2, await db.CountAsync("payment_requests"));
    }

    [Fact]
    public async Task A_chama_that_keeps_savings_instead_of_a_rotation_stores_a_contribution_of_zero()
    {
        var rules = umoja.Chama.Constitution with { ContributionAmount = Money.Kes(0), Savings = Money.Kes(1_000) };
        await WriteInUmojaAsync(async (_, t) =>
        {
            await Chamas.ChamaStore.InsertVersionAsync(t, umoja.Chama.Id, 2, rules.Validated(), null, null, db.Clock.GetUtcNow());
            return 0;
        });
        db.Chamas.Forget(umoja.Chama.Id);

        var stored = (await db.Chamas.FindChamaAsync(umoja.Chama.Id))!.Constitution;

        Assert.Equal(rules, stored);
        Assert.False(stored.Rotates);
    }

    private Task<int> InsertPushAsync(string purpose, string key) =>
        WriteInUmojaAsync((c, t) => c.ExecuteAsync(
            """
            INSERT INTO payment_requests (request_key, chama_id, member_id, round_id, amount_minor, currency, phone, channel, status, created_at, updated_at, purpose)
            VALUES (@key, @Chama, @Member, NULL, 100000, 'KES', '+254700000000', 'test', 'Queued', 0, 0, @purpose);
            """,
            new { key, Chama = umoja.Chama.Id, Member = umoja.Diana.Id, purpose },
            t));

    private Task<int> InsertContributionAsync(string fund, string receipt) =>
        WriteInUmojaAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO contributions (chama_id, member_id, fund, amount_minor, currency, receipt, recorded_at) VALUES (@Chama, @Member, @fund, 100000, 'KES', @receipt, 0);",
            new { Chama = umoja.Chama.Id, Member = umoja.Diana.Id, fund, receipt },
            t));

    private Task<long> AskAsync(Member borrower, long shillings, IReadOnlyList<Member> guarantors) =>
        WriteInUmojaAsync(async (c, t) =>
        {
            var id = await c.ExecuteScalarAsync<long>(
                """
                INSERT INTO loans (chama_id, member_id, principal_minor, currency, term_months, interest_method, interest_rate_bp, penalty_percent, request_key, channel, requested_at)
                VALUES (@Chama, @Member, @Principal, 'KES', 3, 'Flat', 100, 10, @Key, 'test', 0) RETURNING id;
                """,
                new { Chama = umoja.Chama.Id, Member = borrower.Id, Principal = Money.Kes(shillings).Minor, Key = Guid.NewGuid().ToString() },
                t);
            foreach (var guarantor in guarantors)
            {
                await c.ExecuteAsync(
                    "INSERT INTO loan_guarantors (loan_id, member_id, pledge_minor) VALUES (@id, @Member, @Pledge);",
                    new { id, Member = guarantor.Id, Pledge = Money.Kes(shillings / 4).Minor },
                    t);
            }

            return id;
        });

    private Task<T> ReadAsync<T>(Func<System.Data.Common.DbTransaction, Task<T>> read) => db.Database.ReadAsync((_, t) => read(t));

    /// <summary>A write of Umoja's rows made by the test itself, entering the chama as every store's write does.</summary>
    private Task<T> WriteInUmojaAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work) =>
        db.Database.WriteInChamaAsync(umoja.Chama.Id, work);
}

public sealed class SqliteLoanBookTests() : LoanBookTests(Engine.Sqlite);

public sealed class PostgresLoanBookTests() : LoanBookTests(Engine.Postgres);
