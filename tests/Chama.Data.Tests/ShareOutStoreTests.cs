using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Data.Savings;
using Chama.Data.ShareOuts;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// The year-end share-out on the books: Grace saved KES 30,000, Patrick 20,000, Diana 10,000 and Samuel nothing; Diana's
/// loan earned the fund KES 6,000 (5,000 interest and 1,000 penalty repaid) and still owes 8,500 (8,000 principal and
/// 500 interest charged). The earnings are shared 3,000, 2,000, 1,000 and 0, and Diana's loan is taken from her line.
/// </summary>
public abstract class ShareOutStoreTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private LoanRows rows = null!;
    private ShareOutStore shareOuts = null!;
    private DisbursementStore payouts = null!;
    private long dianasLoan;

    private long ChamaId => umoja.Chama.Id;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        rows = new LoanRows(db);
        shareOuts = new ShareOutStore(db.Database, db.Clock);
        payouts = new DisbursementStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Each_member_gets_their_savings_and_a_share_of_the_earnings_less_their_loan_and_everyone_is_told()
    {
        await SeedYearAsync();

        var proposed = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);

        Assert.Equal(
            [
                (umoja.Grace.Id, Money.Kes(30_000), Money.Kes(3_000), Money.Kes(0), Money.Kes(33_000)),
                (umoja.Patrick.Id, Money.Kes(20_000), Money.Kes(2_000), Money.Kes(0), Money.Kes(22_000)),
                (umoja.Diana.Id, Money.Kes(10_000), Money.Kes(1_000), Money.Kes(8_500), Money.Kes(2_500)),
                (umoja.Samuel.Id, Money.Kes(0), Money.Kes(0), Money.Kes(0), Money.Kes(0)),
            ],
            proposed.Lines.Select(l => (l.MemberId, l.Line.Savings, l.Line.Earnings, l.Line.LoanDeducted, l.Line.Payout)));
        Assert.Equal(proposed.Savings + proposed.Earnings - proposed.LoansDeducted, proposed.PaidOut);
        Assert.Equal((Money.Kes(60_000), Money.Kes(6_000), ShareOutStatus.Proposed), (proposed.Savings, proposed.Earnings, proposed.Status));
        Assert.All(proposed.Lines, l => Assert.False(l.Line.Payout.IsNegative));
        Assert.Equal(
            umoja.Members.Select(m => $"share-out:{proposed.Id}:{m.Id}").Order(),
            (await new Outbox.Outbox(db.Database, db.Clock).KeysLikeAsync("share-out:%")).Order());
    }

    [Fact]
    public async Task A_share_out_is_refused_while_another_waits_for_the_officers_or_when_there_is_nothing_to_share()
    {
        var nothing = await Assert.ThrowsAsync<ChamaException>(() => shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember));
        await SeedYearAsync();
        var first = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);

        var second = await Assert.ThrowsAsync<ChamaException>(() => shareOuts.ProposeAsync(umoja.Patrick, "test", EveryMember));
        var member = await Assert.ThrowsAsync<ChamaException>(() => shareOuts.ProposeAsync(umoja.Diana, "test", EveryMember));

        Assert.Equal((ChamaError.ShareOutNotPossible, ChamaError.ShareOutNotPossible, ChamaError.NotAnOfficer), (nothing.Error, second.Error, member.Error));
        Assert.Equal(first.Id, Assert.IsType<ProposedShareOut>(second.Facts).Id);
        Assert.Equal(1, await db.CountAsync("share_outs"));
    }

    [Fact]
    public async Task A_rejected_share_out_changes_nothing_and_another_may_be_proposed()
    {
        await SeedYearAsync();
        var first = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);

        var rejected = await shareOuts.DecideAsync(umoja.Patrick, first.Id, Decision.Reject, "wait for December", "test", EveryMember);
        var second = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);

        Assert.Equal((ShareOutOutcome.Rejected, ShareOutStatus.Rejected), (rejected.Outcome, rejected.ShareOut!.Status));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(0, await db.CountAsync("disbursements"));
        Assert.Equal(Money.Kes(30_000), await SavingsOfAsync(umoja.Grace.Id));
    }

    [Fact]
    public async Task The_quorum_deducts_the_loan_and_creates_one_payout_per_positive_line_once_and_the_savings_year_restarts()
    {
        await SeedYearAsync();
        var proposed = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);

        var first = await shareOuts.DecideAsync(umoja.Grace, proposed.Id, Decision.Approve, null, "test", EveryMember);
        var carried = await shareOuts.DecideAsync(umoja.Patrick, proposed.Id, Decision.Approve, null, "test", EveryMember);
        var again = await shareOuts.DecideAsync(umoja.Patrick, proposed.Id, Decision.Approve, null, "test", EveryMember);

        Assert.Equal((ShareOutOutcome.Recorded, ShareOutOutcome.Approved, ShareOutOutcome.NotOpen), (first.Outcome, carried.Outcome, again.Outcome));
        Assert.Equal(ShareOutStatus.Approved, carried.ShareOut!.Status);
        var paying = await db.Database.ReadAsync((c, t) => c.QueryAsync<(string Kind, long SubjectId, long RecipientMemberId, long AmountMinor)>(
            "SELECT kind, subject_id, recipient_member_id, amount_minor FROM disbursements ORDER BY id;", transaction: t));
        Assert.Equal(
            proposed.Lines.Where(l => l.Line.Payout.IsPositive).Select(l => ("ShareOut", l.LineId, l.MemberId, l.Line.Payout.Minor)),
            paying);
        var recovery = await db.Database.ReadAsync((c, t) => c.QuerySingleAsync<(long LoanId, long MemberId, string Source, long Penalty, long Interest, long Principal)>(
            "SELECT loan_id, member_id, source, penalty_minor, interest_minor, principal_minor FROM loan_recoveries;", transaction: t));
        Assert.Equal((dianasLoan, umoja.Diana.Id, "ShareOut", 0L, 50_000L, 800_000L), recovery);
        Assert.Equal(1, await db.Database.ReadAsync((c, t) => c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM loan_events WHERE loan_id = @dianasLoan AND status = 'Repaid';", new { dianasLoan }, t)));
        foreach (var member in umoja.Members)
        {
            Assert.Equal(Money.Kes(0), await SavingsOfAsync(member.Id));
        }

        // The interest taken from Diana's line at the share-out is the new year's first earnings.
        var fund = await db.Database.ReadAsync((_, t) => SavingsBook.FundAsync(t, ChamaId, "KES"));
        Assert.Equal((Money.Kes(0), Money.Kes(500), Money.Kes(0)), (fund.Savings, fund.Earnings, fund.LentOut));
    }

    [Fact]
    public async Task A_share_out_whose_books_moved_since_it_was_proposed_is_not_carried()
    {
        await SeedYearAsync();
        var proposed = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);
        await shareOuts.DecideAsync(umoja.Grace, proposed.Id, Decision.Approve, null, "test", EveryMember);
        await rows.ContributionAsync(ChamaId, umoja.Samuel.Id, "Savings", 500_000, "QKJ4HT8SV9");

        var refused = await shareOuts.DecideAsync(umoja.Patrick, proposed.Id, Decision.Approve, null, "test", EveryMember);

        Assert.Equal((ShareOutOutcome.CannotMake, 1), (refused.Outcome, refused.ShareOut!.Approvals));
        Assert.Equal(0, await db.CountAsync("share_out_events"));
        Assert.Equal(0, await db.CountAsync("disbursements"));
        Assert.True((await shareOuts.GetOpenAsync(ChamaId))!.IsOpen);
    }

    [Fact]
    public async Task The_share_out_is_closed_once_when_its_last_payout_completes()
    {
        await SeedYearAsync();
        var proposed = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);
        await shareOuts.DecideAsync(umoja.Grace, proposed.Id, Decision.Approve, null, "test", EveryMember);
        await shareOuts.DecideAsync(umoja.Patrick, proposed.Id, Decision.Approve, null, "test", EveryMember);

        var sent = await payouts.ClaimApprovedAsync(10);
        var receipts = new[] { "QKJ4HT8B01", "QKJ4HT8B02", "QKJ4HT8B03" };
        var statuses = new List<ShareOutStatus>();
        foreach (var (payout, receipt) in sent.Zip(receipts))
        {
            await payouts.SettleAsync(payout.OriginatorConversationId, true, receipt, "paid", (_, _, _) => []);
            statuses.Add((await shareOuts.LatestAsync(ChamaId))!.Status);
        }

        await payouts.SettleAsync(sent[^1].OriginatorConversationId, true, receipts[^1], "paid", (_, _, _) => []);

        Assert.Equal(proposed.Lines.Take(3).Select(l => $"G{l.LineId}"), sent.Select(p => p.Code));
        Assert.Equal([ShareOutStatus.Approved, ShareOutStatus.Approved, ShareOutStatus.Closed], statuses);
        Assert.Equal(1, await db.Database.ReadAsync((c, t) => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM share_out_events WHERE status = 'Closed';", transaction: t)));
    }

    [Fact]
    public async Task A_line_M_Pesa_cannot_pay_waits_to_be_paid_by_hand_and_paying_it_closes_the_share_out()
    {
        await SeedYearAsync();
        await WriteInUmojaAsync((c, t) => c.ExecuteAsync("UPDATE members SET receive_phone = '+447911123456' WHERE id = @Id;", new { umoja.Diana.Id }, t));
        var proposed = await shareOuts.ProposeAsync(umoja.Grace, "test", EveryMember);
        await shareOuts.DecideAsync(umoja.Grace, proposed.Id, Decision.Approve, null, "test", EveryMember);
        await shareOuts.DecideAsync(umoja.Patrick, proposed.Id, Decision.Approve, null, "test", EveryMember);
        var receipts = new[] { "QKJ4HT8B01", "QKJ4HT8B02" };
        foreach (var (payout, receipt) in (await payouts.ClaimApprovedAsync(10)).Zip(receipts))
        {
            await payouts.SettleAsync(payout.OriginatorConversationId, true, receipt, "paid", (_, _, _) => []);
        }

        var waiting = Assert.Single(await payouts.ListAwaitingHandAsync(ChamaId));
        var dianasLine = proposed.LineOf(umoja.Diana.Id)!;
        Assert.Equal(($"G{dianasLine.LineId}", Money.Kes(2_500)), (waiting.Payout.Code, waiting.Payout.Amount));
        Assert.Equal(ShareOutStatus.Approved, (await shareOuts.LatestAsync(ChamaId))!.Status);

        var paid = await payouts.RecordPaidByHandAsync(umoja.Grace, $"g{dianasLine.LineId}", AccountKind.Cash, null, "test", (_, _, _) => []);

        Assert.Equal(DisbursementStatus.Completed, paid.Payout.Status);
        Assert.Equal(ShareOutStatus.Closed, (await shareOuts.LatestAsync(ChamaId))!.Status);
    }

    private static IEnumerable<OutboundMessage> EveryMember(ProposedShareOut shareOut, IReadOnlyList<Member> members) =>
        members.Select(m => new OutboundMessage($"share-out:{shareOut.Id}:{m.Id}", shareOut.ChamaId, m.Id, m.Phone, $"{shareOut.Code} {shareOut.LineOf(m.Id)?.Line.Payout}"));

    private async Task SeedYearAsync()
    {
        await rows.ContributionAsync(ChamaId, umoja.Grace.Id, "Savings", 3_000_000, "QKJ4HT8SV1");
        await rows.ContributionAsync(ChamaId, umoja.Patrick.Id, "Savings", 2_000_000, "QKJ4HT8SV2");
        await rows.ContributionAsync(ChamaId, umoja.Diana.Id, "Savings", 1_000_000, "QKJ4HT8SV3");

        // Diana borrowed 18,000 in three instalments, was charged 5,500 interest and a 1,000 penalty, and repaid 16,000.
        dianasLoan = await rows.LoanAsync(ChamaId, umoja.Diana.Id, 1_800_000);
        await rows.EventAsync(dianasLoan, "PaidOut");
        await WriteInUmojaAsync((c, t) => c.ExecuteAsync(
            """
            INSERT INTO loan_instalments (loan_id, number, due_on, principal_minor, interest_minor) VALUES
                (@dianasLoan, 1, '2026-01-31', 600000, 183400), (@dianasLoan, 2, '2026-02-28', 600000, 183300), (@dianasLoan, 3, '2026-03-31', 600000, 183300);
            INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES
                (@dianasLoan, 1, 'Interest', 550000, 0), (@dianasLoan, 1, 'Penalty', 100000, 0);
            """,
            new { dianasLoan },
            t));
        await rows.RepaymentAsync(ChamaId, umoja.Diana.Id, dianasLoan, "QKJ4HT8LN1", 100_000, 500_000, 1_000_000, 0);
    }

    private Task<Money> SavingsOfAsync(long memberId) =>
        db.Database.ReadAsync((_, t) => SavingsBook.MemberSavingsAsync(t, memberId, "KES"));

    /// <summary>A write of Umoja's rows made by the test itself, entering the chama as every store's write does.</summary>
    private Task<T> WriteInUmojaAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work) =>
        db.Database.WriteInChamaAsync(umoja.Chama.Id, work);
}

public sealed class SqliteShareOutStoreTests() : ShareOutStoreTests(Engine.Sqlite);

public sealed class PostgresShareOutStoreTests() : ShareOutStoreTests(Engine.Postgres);
