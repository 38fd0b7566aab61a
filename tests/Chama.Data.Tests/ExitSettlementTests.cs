using System.Data.Common;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Disbursements;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// Rule 8 paid: the pot of the round that was to go to a member who left before it pays their exit refund once the
/// officers' quorum approves it, and the rest goes to the welfare fund, once.
/// </summary>
public abstract class ExitSettlementTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private ApprovalStore approvals = null!;
    private DisbursementStore payouts = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        approvals = new ApprovalStore(db.Database, db.Clock);
        payouts = new DisbursementStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Round Round4 => umoja.Rounds[3];

    [Fact]
    public async Task A_leavers_round_pays_their_refund_once_approved_and_the_rest_goes_to_the_welfare_fund()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 10_000, "QKJ4HT8MX1"), TestDatabase.Treasurer);
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        await PayRoundFourByTheOthersAsync();

        var open = Assert.Single(await approvals.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal((ApprovalKind.Pot, Round4.Id, umoja.Samuel.Id, Money.Kes(10_000)), (open.Subject.Kind, open.Subject.Id, open.Subject.BeneficiaryMemberId, open.Subject.Amount));
        Assert.Equal("round 4 exit refund, the rest KES 20,000 to welfare", open.Subject.Description);

        await DecideAsync(umoja.Grace);
        Assert.Equal(Money.Kes(0), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
        var (outcome, after) = await DecideAsync(umoja.Patrick);

        Assert.True(after!.IsApproved, outcome.ToString());
        var payout = Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Pot, Round4.Id));
        Assert.Equal((umoja.Samuel.Id, "+254711000004", Money.Kes(10_000)), (payout.RecipientMemberId, payout.ReceivePhone.E164, payout.Amount));
        Assert.Equal(Money.Kes(20_000), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
        Assert.Empty(await approvals.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal(1, await db.CountAsync("exit_settlements"));
    }

    [Fact]
    public async Task A_refund_whose_payout_failed_is_approved_again_and_the_welfare_share_counts_once()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 10_000, "QKJ4HT8MX1"), TestDatabase.Treasurer);
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        await PayRoundFourByTheOthersAsync();
        await DecideAsync(umoja.Grace);
        await DecideAsync(umoja.Patrick);
        var first = Assert.Single(await payouts.ClaimApprovedAsync(10));
        await payouts.SettleAsync(first.OriginatorConversationId, succeeded: false, null, "2040 recipient not registered", (_, _, _) => []);

        var again = Assert.Single(await approvals.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal((2, Money.Kes(10_000)), (again.Attempt, again.Subject.Amount));
        await DecideAsync(umoja.Grace);
        await DecideAsync(umoja.Patrick);

        var attempts = await payouts.ListForSubjectAsync(ApprovalKind.Pot, Round4.Id);
        Assert.Equal([1, 2], attempts.Select(p => p.Attempt));
        Assert.Equal(Money.Kes(10_000), attempts[1].Amount);
        Assert.Equal(Money.Kes(20_000), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
        Assert.Equal(1, await db.CountAsync("exit_settlements"));
    }

    [Fact]
    public async Task A_leaver_owed_nothing_leaves_their_round_to_the_welfare_fund_and_nothing_is_paid_out()
    {
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        await PayRoundFourByTheOthersAsync();

        Assert.Equal(Money.Kes(0), Assert.Single(await approvals.GetOpenAsync(umoja.Chama.Id)).Subject.Amount);
        await DecideAsync(umoja.Grace);
        var (_, after) = await DecideAsync(umoja.Patrick);

        Assert.True(after!.IsApproved);
        Assert.Empty(await payouts.ListForSubjectAsync(ApprovalKind.Pot, Round4.Id));
        Assert.Equal(Money.Kes(30_000), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
        Assert.Empty(await approvals.GetOpenAsync(umoja.Chama.Id));
        var chair = umoja.Patrick;
        Assert.Equal(DecisionOutcome.NotOpen, (await approvals.DecideAsync(chair, ApprovalKind.Pot, Round4.Id, Decision.Approve, null, "test")).Outcome);
    }

    [Fact]
    public async Task A_leavers_round_is_not_up_for_approval_before_it_is_collected()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 10_000, "QKJ4HT8MX1"), TestDatabase.Treasurer);
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MY1", Round4), TestDatabase.Treasurer);

        Assert.Empty(await approvals.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal(DecisionOutcome.NotOpen, (await DecideAsync(umoja.Patrick)).Outcome);
        Assert.Equal(0, await db.CountAsync("exit_settlements"));
    }

    [Fact]
    public async Task The_database_divides_a_round_once_and_never_changes_a_division()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 10_000, "QKJ4HT8MX1"), TestDatabase.Treasurer);
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        await PayRoundFourByTheOthersAsync();
        await DecideAsync(umoja.Grace);
        await DecideAsync(umoja.Patrick);

        await using var connection = await db.ConnectAsync();
        var twice = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            """
            INSERT INTO exit_settlements (chama_id, exit_id, round_id, collected_minor, refund_minor, to_welfare_minor, currency, settled_at)
            SELECT chama_id, exit_id, round_id, collected_minor, refund_minor, to_welfare_minor, currency, settled_at FROM exit_settlements;
            """));
        Assert.True(db.IsUniqueViolation(twice), twice.Message);
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE exit_settlements SET to_welfare_minor = 0;"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM exit_settlements;"));
        Assert.Equal(Money.Kes(20_000), await db.Welfare.GetBalanceAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task An_exit_is_refused_while_the_members_pot_is_being_approved_so_no_approval_counts_twice()
    {
        await PayRoundFourByTheOthersAsync();
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Samuel, 10_000, "QKJ4HT8MY4", Round4), TestDatabase.Treasurer);
        await DecideAsync(umoja.Grace);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Patrick, 4, "moved to Mombasa", "test"));

        Assert.Equal(ChamaError.PotBeingApproved, refused.Error);
        Assert.Equal(0, await db.CountAsync("member_exits"));
        Assert.True((await db.Chamas.FindMemberAsync(umoja.Samuel.Id))!.Active);
    }

    private async Task PayRoundFourByTheOthersAsync()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MY1", Round4), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Patrick, 10_000, "QKJ4HT8MY2", Round4), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MY3", Round4), TestDatabase.Treasurer);
    }

    private Task<(DecisionOutcome Outcome, PendingApproval? After)> DecideAsync(Member officer) =>
        approvals.DecideAsync(officer, ApprovalKind.Pot, Round4.Id, Decision.Approve, null, "test");
}

public sealed class SqliteExitSettlementTests() : ExitSettlementTests(Engine.Sqlite);

public sealed class PostgresExitSettlementTests() : ExitSettlementTests(Engine.Postgres);
