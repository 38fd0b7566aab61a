using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Loans;
using Chama.Data.Outbox;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// Asking for a loan, its guarantors' answers, the officers' decision L&lt;id&gt; and its payout: refused at once with the
/// specific error and nothing written, idempotent on the request key, the borrower and guarantors never voting, one
/// payout of kind Loan however often the approval is retried, and the schedule and first interest written once when
/// the money reaches the borrower.
/// </summary>
public abstract class LoanRequestTests(Engine engine) : IAsyncLifetime
{
    /// <summary>Three times savings, no cap, 1% a month flat, up to 12 months, one guarantor pledging half, 80% of the fund lent at most.</summary>
    private static readonly LoanRules Lending = new(3, null, InterestMethod.Flat, 100, 12, 1, 50, 10, 80, 3);

    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private LoanRows rows = null!;
    private LoanRequests loans = null!;
    private DisbursementStore payouts = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Constitution.Monthly(Money.Kes(10_000)) with { Loans = Lending });
        rows = new LoanRows(db);
        loans = new LoanRequests(db.Database, db.Clock);
        payouts = new DisbursementStore(db.Database, db.Clock);
        foreach (var member in umoja.Members)
        {
            await SaveAsync(member, 10_000);
        }
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_loan_within_the_limits_is_recorded_on_the_constitutions_terms_and_its_guarantor_is_asked()
    {
        var loan = await AskAsync(umoja.Samuel, 20_000, 3, umoja.Diana.Seat);

        Assert.Equal((LoanStage.AwaitingGuarantors, Money.Kes(20_000), 3, InterestMethod.Flat, 100, 10), (loan.Facts.Stage, loan.Principal, loan.TermMonths, loan.Facts.Method, loan.Facts.MonthlyRateBasisPoints, loan.Facts.PenaltyPercent));
        var guarantee = Assert.Single(loan.Guarantees);
        Assert.Equal((umoja.Diana.Id, Money.Kes(10_000), (GuaranteeAnswer?)null), (guarantee.Member.Id, guarantee.Pledge, guarantee.Answer));
        Assert.Contains($"test:Asked:{umoja.Diana.Id}", await OutboxKeysAsync());
    }

    [Fact]
    public async Task The_same_request_sent_twice_is_one_loan()
    {
        var first = await AskAsync(umoja.Samuel, 10_000, 3, umoja.Diana.Seat, key: "whatsapp:SM1:loan");
        var again = await AskAsync(umoja.Samuel, 10_000, 3, umoja.Diana.Seat, key: "whatsapp:SM1:loan");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, await db.CountAsync("loans"));
        Assert.Equal(1, await db.CountAsync("loan_guarantors"));
    }

    [Fact]
    public async Task A_chama_that_does_not_lend_refuses_every_loan()
    {
        await using var other = await TestDatabase.CreateAsync(engine);
        var plain = await other.SeedUmojaAsync();

        var refused = await Assert.ThrowsAsync<ChamaException>(() =>
            new LoanRequests(other.Database, other.Clock).RequestAsync(plain.Samuel, Money.Kes(1_000), 3, [3, 2], "test", "k", Silent));

        Assert.Equal(ChamaError.LendingOff, refused.Error);
        Assert.Equal(0, await other.CountAsync("loans"));
    }

    [Fact]
    public async Task A_second_loan_while_one_is_open_is_refused()
    {
        await AskAsync(umoja.Samuel, 5_000, 3, umoja.Diana.Seat);

        await AssertRefusedAsync(ChamaError.LoanAlreadyOpen, () => AskAsync(umoja.Samuel, 5_000, 3, umoja.Diana.Seat));
        Assert.Equal(1, await db.CountAsync("loans"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public async Task A_term_outside_the_rules_is_refused(int months) =>
        await AssertRefusedAsync(ChamaError.LoanTermNotAllowed, () => AskAsync(umoja.Samuel, 5_000, months, umoja.Diana.Seat));

    [Fact]
    public async Task More_than_three_times_the_borrowers_savings_is_refused() =>
        await AssertRefusedAsync(ChamaError.LoanAboveLimit, () => AskAsync(umoja.Samuel, 30_001, 3, umoja.Diana.Seat));

    [Fact]
    public async Task A_loan_beyond_what_the_fund_may_lend_at_once_is_refused()
    {
        // Samuel may borrow 60,000 on his savings; the fund of 50,000 lends at most 40,000 at once.
        await SaveAsync(umoja.Samuel, 10_000);

        await AssertRefusedAsync(ChamaError.LendingFundExhausted, () => AskAsync(umoja.Samuel, 40_100, 3, umoja.Diana.Seat));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    public async Task A_guarantor_who_is_the_borrower_or_no_active_member_is_refused(int seat) =>
        await AssertRefusedAsync(ChamaError.GuarantorNotEligible, () => AskAsync(umoja.Samuel, 5_000, 3, seat));

    [Fact]
    public async Task Naming_more_guarantors_than_the_rules_ask_is_refused() =>
        await AssertRefusedAsync(ChamaError.GuarantorNotEligible, () => AskAsync(umoja.Samuel, 5_000, 3, umoja.Diana.Seat, umoja.Grace.Seat));

    [Fact]
    public async Task A_guarantor_whose_free_savings_fall_short_of_the_pledge_is_refused() =>
        // A pledge of half of 30,000 is more than Diana's 10,000 of savings.
        await AssertRefusedAsync(ChamaError.GuarantorSavingsShort, () => AskAsync(umoja.Samuel, 30_000, 3, umoja.Diana.Seat));

    [Fact]
    public async Task A_guarantor_officer_who_would_leave_too_few_officers_to_decide_is_refused() =>
        // Grace borrows and Patrick guarantees: no other officer is left to approve.
        await AssertRefusedAsync(ChamaError.QuorumUnreachable, () => AskAsync(umoja.Grace, 5_000, 3, umoja.Patrick.Seat));

    [Fact]
    public async Task A_guarantor_who_declines_closes_the_loan_and_the_borrower_may_ask_again()
    {
        var loan = await AskAsync(umoja.Samuel, 10_000, 3, umoja.Diana.Seat);

        var (outcome, after) = await loans.AnswerAsync(umoja.Diana, loan.Id, accept: false, "test", Told);

        Assert.Equal((GuaranteeOutcome.Declined, LoanStage.Declined), (outcome, after.Facts.Stage));
        Assert.Contains($"test:Declined:{umoja.Samuel.Id}", await OutboxKeysAsync());
        Assert.Equal(LoanStage.AwaitingGuarantors, (await AskAsync(umoja.Samuel, 10_000, 3, umoja.Diana.Seat)).Facts.Stage);
    }

    [Fact]
    public async Task A_guarantor_whose_savings_were_pledged_elsewhere_meanwhile_cannot_accept()
    {
        var samuels = await AskAsync(umoja.Samuel, 12_000, 3, umoja.Diana.Seat);
        var elsewhere = await rows.LoanAsync(umoja.Chama.Id, umoja.Grace.Id, 12_000_00);
        await rows.GuarantorAsync(elsewhere, umoja.Diana.Id, 6_000_00);

        await AssertRefusedAsync(ChamaError.GuarantorSavingsShort, () => loans.AnswerAsync(umoja.Diana, samuels.Id, accept: true, "test", Silent));
        Assert.Equal(LoanStage.AwaitingGuarantors, (await loans.FindAsync(umoja.Chama.Id, samuels.Id))!.Facts.Stage);
    }

    [Fact]
    public async Task Every_guarantor_accepting_sends_the_loan_to_the_officers()
    {
        var loan = await GuaranteedAsync();

        Assert.True(loan.WithOfficers);
        Assert.Equal(loan.Id, Assert.Single(await loans.GetOpenAsync(umoja.Chama.Id)).Id);
        Assert.Contains($"test:Guaranteed:{umoja.Grace.Id}", await OutboxKeysAsync());
    }

    [Fact]
    public async Task Someone_not_guaranteeing_the_loan_cannot_answer_for_it()
    {
        var loan = await AskAsync(umoja.Samuel, 10_000, 3, umoja.Diana.Seat);

        await AssertRefusedAsync(ChamaError.LoanNotFound, () => loans.AnswerAsync(umoja.Grace, loan.Id, accept: true, "test", Silent));
    }

    [Fact]
    public async Task Neither_the_borrower_nor_a_guarantor_counts_towards_the_quorum()
    {
        // Every member an officer: Grace borrows, Samuel guarantees; only Patrick and Diana may decide.
        foreach (var member in new[] { umoja.Diana, umoja.Samuel })
        {
            await WriteInUmojaAsync((c, t) => c.ExecuteAsync("UPDATE members SET roles = @Roles WHERE id = @Id;", new { Roles = (long)MemberRoles.Secretary, member.Id }, t));
        }

        var loan = await AskAsync(umoja.Grace, 10_000, 3, umoja.Samuel.Seat);
        await loans.AnswerAsync(Officer(umoja.Samuel), loan.Id, accept: true, "test", Silent);

        var borrower = await loans.DecideAsync(umoja.Grace, loan.Id, Decision.Approve, null, "test", Silent);
        var guarantor = await loans.DecideAsync(Officer(umoja.Samuel), loan.Id, Decision.Approve, null, "test", Silent);

        Assert.Equal((VoteOutcome.Concerned, VoteOutcome.Concerned), (borrower.Outcome, guarantor.Outcome));
        Assert.Equal(0, await db.CountAsync("decision_votes"));
        Assert.Equal(VoteOutcome.Recorded, (await loans.DecideAsync(umoja.Patrick, loan.Id, Decision.Approve, null, "test", Silent)).Outcome);
        Assert.Equal(VoteOutcome.Carried, (await loans.DecideAsync(Officer(umoja.Diana), loan.Id, Decision.Approve, null, "test", Silent)).Outcome);
    }

    [Fact]
    public async Task The_approval_reaching_the_quorum_creates_one_payout_of_kind_loan_however_often_it_is_retried()
    {
        var loan = await GuaranteedAsync();

        await loans.DecideAsync(umoja.Grace, loan.Id, Decision.Approve, null, "test", Told);
        var carried = await loans.DecideAsync(umoja.Patrick, loan.Id, Decision.Approve, null, "test", Told);
        var retried = await loans.DecideAsync(umoja.Patrick, loan.Id, Decision.Approve, null, "test", Told);

        Assert.Equal((VoteOutcome.Carried, LoanStage.Approved), (carried.Outcome, carried.Loan!.Facts.Stage));
        Assert.Equal(VoteOutcome.NotOpen, retried.Outcome);
        var payout = Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Loan, loan.Id));
        Assert.Equal((umoja.Samuel.Id, Money.Kes(10_000), $"L{loan.Id}", DisbursementStatus.Approved), (payout.RecipientMemberId, payout.Amount, payout.Code, payout.Status));
        Assert.Contains($"test:Approved:{umoja.Samuel.Id}", await OutboxKeysAsync());
    }

    [Fact]
    public async Task An_approval_the_fund_can_no_longer_cover_is_not_recorded()
    {
        await SaveAsync(umoja.Diana, 10_000);
        var samuels = await GuaranteedAsync(amount: 30_000);
        var dianas = await AskAsync(umoja.Diana, 15_000, 3, umoja.Samuel.Seat);
        await loans.AnswerAsync(umoja.Samuel, dianas.Id, accept: true, "test", Silent);
        await ApproveAsync(dianas);
        await loans.DecideAsync(umoja.Grace, samuels.Id, Decision.Approve, null, "test", Silent);

        // 15,000 approved for Diana and 30,000 more would put 45,000 out of a fund of 50,000 that lends 40,000 at once.
        var refused = await loans.DecideAsync(umoja.Patrick, samuels.Id, Decision.Approve, null, "test", Silent);

        Assert.Equal(VoteOutcome.CannotMake, refused.Outcome);
        Assert.Equal(1, refused.Loan!.Approvals);
        Assert.Empty(await payouts.ListForSubjectAsync(ApprovalKind.Loan, samuels.Id));
    }

    [Fact]
    public async Task The_borrowers_payout_phone_does_not_change_under_approvals_already_given_for_the_loan()
    {
        var loan = await GuaranteedAsync();
        await loans.DecideAsync(umoja.Grace, loan.Id, Decision.Approve, null, "test", Silent);
        var changes = new Chama.Data.MemberChanges.MemberChangeStore(db.Database, db.Chamas, db.Clock);
        var proposed = await changes.ProposeAsync(umoja.Patrick, umoja.Samuel.Id, null, PhoneNumber.Parse("0799000111"), "test");

        var refused = await changes.DecideAsync(umoja.Grace, DecisionKind.PayoutPhone, proposed.Change!.Id, Decision.Approve, null, "test");

        Assert.Equal(MemberChangeOutcome.PayoutBeingApproved, refused.Outcome);
    }

    [Fact]
    public async Task A_rejection_closes_the_loan_and_tells_the_borrower_why()
    {
        var loan = await GuaranteedAsync();

        var noReason = await loans.DecideAsync(umoja.Grace, loan.Id, Decision.Reject, " ", "test", Told);
        var rejected = await loans.DecideAsync(umoja.Grace, loan.Id, Decision.Reject, "arrears on the pot", "test", Told);

        Assert.Equal((VoteOutcome.NoReason, VoteOutcome.Rejected, LoanStage.Rejected), (noReason.Outcome, rejected.Outcome, rejected.Loan!.Facts.Stage));
        Assert.Contains($"test:Rejected:{umoja.Samuel.Id}", await OutboxKeysAsync());
        Assert.Empty(await payouts.ListForSubjectAsync(ApprovalKind.Loan, loan.Id));
    }

    [Fact]
    public async Task The_borrower_may_withdraw_before_approval_but_not_after()
    {
        var withdrawn = await loans.WithdrawAsync(umoja.Samuel, (await AskAsync(umoja.Samuel, 5_000, 3, umoja.Diana.Seat)).Id, "test", Silent);
        var approved = await GuaranteedAsync();
        await ApproveAsync(approved);

        Assert.Equal(LoanStage.Withdrawn, withdrawn.Facts.Stage);
        await AssertRefusedAsync(ChamaError.LoanNotOpen, () => loans.WithdrawAsync(umoja.Samuel, approved.Id, "test", Silent));
        await AssertRefusedAsync(ChamaError.LoanNotFound, () => loans.WithdrawAsync(umoja.Diana, approved.Id, "test", Silent));
    }

    [Fact]
    public async Task The_completed_payout_writes_the_schedule_and_the_first_months_interest_once()
    {
        var loan = await GuaranteedAsync(amount: 12_000);
        await ApproveAsync(loan);
        var payout = Assert.Single(await payouts.ClaimApprovedAsync(10));
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 31, 22, 30, 0, TimeSpan.Zero)); // 1 February in Nairobi

        LoanSchedule? told = null;
        PayoutNotices notices = (_, parties, _) => { told ??= parties.LoanSchedule; return []; };
        await payouts.SettleAsync(payout.OriginatorConversationId, true, "UAB1CD2EF3", "paid", notices);
        var retried = await payouts.SettleAsync(payout.OriginatorConversationId, true, "UAB1CD2EF3", "paid", notices);

        Assert.False(retried!.NewlySettled);
        var facts = await db.Database.ReadAsync((_, t) => LoanBook.LoadAsync(t, loan.Id));
        Assert.Equal(LoanStage.Repaying, facts!.Stage);
        Assert.Equal(
            [(new DateOnly(2026, 3, 1), 4_000_00L, 120_00L), (new DateOnly(2026, 4, 1), 4_000_00L, 120_00L), (new DateOnly(2026, 5, 1), 4_000_00L, 120_00L)],
            facts.Schedule!.Instalments.Select(i => (i.Due, i.Principal.Minor, i.Interest.Minor)));
        var charge = Assert.Single(facts.Charges);
        Assert.Equal((1, LoanChargeKind.Interest, Money.Kes(120)), (charge.Instalment, charge.Kind, charge.Amount));
        Assert.Equal(facts.Schedule.Instalments, told!.Instalments);
    }

    [Fact]
    public async Task A_loan_to_a_payout_phone_abroad_waits_to_be_paid_by_hand_and_then_starts_its_schedule()
    {
        await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "0711000004", 4, ReceivePhone: "+447911123456"), TestDatabase.Treasurer);
        var loan = await GuaranteedAsync(amount: 6_000);
        await ApproveAsync(loan);

        Assert.Empty(await payouts.ClaimApprovedAsync(10));
        var paid = await payouts.RecordPaidByHandAsync(umoja.Grace, loan.Code, AccountKind.Cash, null, "test", (_, _, _) => []);

        Assert.Equal(($"CASH-{loan.Code}-1", DisbursementStatus.Completed), (paid.Reference, paid.Payout.Status));
        var facts = await db.Database.ReadAsync((_, t) => LoanBook.LoadAsync(t, loan.Id));
        Assert.Equal((LoanStage.Repaying, 3), (facts!.Stage, facts.Schedule!.Instalments.Count));
    }

    private static Member Officer(Member member) => member with { Roles = MemberRoles.Secretary };

    /// <summary>A loan of Samuel's guaranteed by Diana and accepted: with the officers.</summary>
    private async Task<LoanApplication> GuaranteedAsync(long amount = 10_000)
    {
        var loan = await AskAsync(umoja.Samuel, amount, 3, umoja.Diana.Seat);
        return (await loans.AnswerAsync(umoja.Diana, loan.Id, accept: true, "test", Told)).Loan;
    }

    private async Task ApproveAsync(LoanApplication loan)
    {
        await loans.DecideAsync(umoja.Grace.Id == loan.Facts.MemberId ? umoja.Patrick : umoja.Grace, loan.Id, Decision.Approve, null, "test", Silent);
        await loans.DecideAsync(umoja.Patrick.Id == loan.Facts.MemberId ? umoja.Grace : umoja.Patrick, loan.Id, Decision.Approve, null, "test", Silent);
    }

    private Task<LoanApplication> AskAsync(Member borrower, long shillings, int months, params int[] seats) =>
        AskAsync(borrower, shillings, months, seats, key: null);

    private Task<LoanApplication> AskAsync(Member borrower, long shillings, int months, int seat, string key) =>
        AskAsync(borrower, shillings, months, [seat], key);

    private Task<LoanApplication> AskAsync(Member borrower, long shillings, int months, int[] seats, string? key) =>
        loans.RequestAsync(borrower, Money.Kes(shillings), months, seats, "test", key ?? Guid.NewGuid().ToString("N"), Told);

    private int receipts;

    private Task SaveAsync(Member member, long shillings) =>
        shillings == 0 ? Task.CompletedTask : rows.ContributionAsync(umoja.Chama.Id, member.Id, "Savings", shillings * 100, $"SAV{++receipts:D7}");

    private async Task AssertRefusedAsync<T>(ChamaError error, Func<Task<T>> act)
    {
        var loansBefore = await db.CountAsync("loans");
        var refused = await Assert.ThrowsAsync<ChamaException>(act);
        Assert.Equal(error, refused.Error);
        Assert.Equal(loansBefore, await db.CountAsync("loans"));
    }

    private static readonly LoanNotices Silent = _ => [];

    /// <summary>One message to each member concerned, keyed by the news, so a test can see who was told what.</summary>
    private static readonly LoanNotices Told = news =>
        news.Loan.Guarantees.Select(g => g.Member).Append(news.Loan.Borrower).Concat(news.Officers).DistinctBy(m => m.Id)
            .Select(m => new OutboundMessage($"test:{news.Kind}:{m.Id}", news.Chama.Id, m.Id, m.Phone, news.Kind.ToString()));

    private Task<List<string>> OutboxKeysAsync() =>
        db.Database.ReadAsync(async (c, t) => (await c.QueryAsync<string>("SELECT idempotency_key FROM outbound_messages ORDER BY id;", transaction: t)).ToList());

    /// <summary>A write of Umoja's rows made by the test itself, entering the chama as every store's write does.</summary>
    private Task<T> WriteInUmojaAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work) =>
        db.Database.WriteInChamaAsync(umoja.Chama.Id, work);
}

public sealed class SqliteLoanRequestTests() : LoanRequestTests(Engine.Sqlite);

public sealed class PostgresLoanRequestTests() : LoanRequestTests(Engine.Postgres);
