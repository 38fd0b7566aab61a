using System.Data.Common;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// A payout sent without a definite result: its status queries are found by their own ids, it becomes unconfirmed once,
/// it cannot be approved afresh meanwhile, and what the M-Pesa statement shows settles it once.
/// </summary>
public abstract class UnresolvedPayoutTests(Engine engine) : IAsyncLifetime
{
    private const string StatementReceipt = "TKL919G2AV";
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
    public async Task A_status_query_is_found_by_either_of_its_own_ids_and_not_by_the_payouts()
    {
        var payout = await SentPayoutAsync();

        await payouts.RecordStatusQueryAsync(payout.Id, "AG_20261202_00007cdb1f9fb6494315", "10816-694520-2");
        await payouts.RecordStatusQueryAsync(payout.Id, null, null);

        Assert.Equal(payout.Id, (await payouts.FindByStatusQueryAsync("10816-694520-2", ""))?.Id);
        Assert.Equal(payout.Id, (await payouts.FindByStatusQueryAsync("unknown", "AG_20261202_00007cdb1f9fb6494315"))?.Id);
        Assert.Null(await payouts.FindByStatusQueryAsync(payout.OriginatorConversationId, ""));
        Assert.Equal(2, Assert.Single(await payouts.ListUnresolvedAsync()).Queries);
    }

    [Fact]
    public async Task Status_queries_are_append_only_and_their_ids_unique()
    {
        var payout = await SentPayoutAsync();
        await payouts.RecordStatusQueryAsync(payout.Id, "AG_1", "10816-1");
        await using var connection = await db.ConnectAsync();

        var twice = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO payout_status_queries (disbursement_id, conversation_id, originator_conversation_id, asked_at) VALUES (@Id, 'AG_2', '10816-1', 0);", new { payout.Id }));
        Assert.True(db.IsUniqueViolation(twice), twice.Message);
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE payout_status_queries SET conversation_id = 'AG_3';"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM payout_status_queries;"));
    }

    [Fact]
    public async Task An_unresolved_payout_becomes_unconfirmed_once_and_its_notices_are_queued_once()
    {
        var payout = await SentPayoutAsync();

        Assert.True(await payouts.MarkUnconfirmedAsync(payout.Id, Notices));
        Assert.False(await payouts.MarkUnconfirmedAsync(payout.Id, Notices));

        Assert.Equal(2, await db.CountAsync("outbound_messages"));
        var unconfirmed = Assert.Single(await payouts.ListUnconfirmedAsync(umoja.Chama.Id));
        Assert.Equal((payout.Id, DisbursementStatus.Unconfirmed, "Samuel Kimani"), (unconfirmed.Payout.Id, unconfirmed.Payout.Status, unconfirmed.RecipientName));
        Assert.Equal(DisbursementStatus.Unconfirmed, Assert.Single(await payouts.ListUnresolvedAsync()).Payout.Status);
    }

    [Fact]
    public async Task A_settled_payout_is_never_marked_unconfirmed()
    {
        var payout = await SentPayoutAsync();
        await payouts.SettleAsync(payout.OriginatorConversationId, succeeded: true, "TKL0000ABC", "paid", (_, _, _) => []);

        Assert.False(await payouts.MarkUnconfirmedAsync(payout.Id, Notices));
        Assert.Equal(0, await db.CountAsync("unconfirmed_payouts"));
    }

    [Fact]
    public async Task A_pot_cannot_be_approved_afresh_while_its_payout_is_unresolved_or_unconfirmed()
    {
        var payout = await SentPayoutAsync();

        Assert.Null(await approvals.FindAsync(umoja.Chama.Id, ApprovalKind.Pot, Round4.Id));
        await payouts.MarkUnconfirmedAsync(payout.Id, Notices);
        Assert.Null(await approvals.FindAsync(umoja.Chama.Id, ApprovalKind.Pot, Round4.Id));
        Assert.Equal(DecisionOutcome.NotOpen, (await DecideAsync(umoja.Patrick)).Outcome);
        Assert.Empty(await approvals.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal(1, await db.CountAsync("disbursements"));
    }

    [Fact]
    public async Task The_statement_showing_it_paid_completes_the_unconfirmed_payout_with_its_receipt_once()
    {
        var payout = await UnconfirmedPayoutAsync();
        var treasurer = Actor.Member(umoja.Grace.Id, "test");

        var settled = await payouts.SettleFromStatementAsync(payout.Id, paid: true, " tkl919g2av ", treasurer, Notices);
        var again = await payouts.SettleFromStatementAsync(payout.Id, paid: true, StatementReceipt, treasurer, Notices);

        Assert.Equal((true, DisbursementStatus.Completed, StatementReceipt), (settled.NewlySettled, settled.Disbursement.Status, settled.Disbursement.TransactionId));
        Assert.False(again.NewlySettled);
        Assert.Equal(1, await CountAsync("disbursement_events", "status = 'Completed'"));
        Assert.Equal(1, await CountAsync("audit_log", $"action = 'payout.completed' AND actor_member_id = {umoja.Grace.Id}"));
        Assert.Empty(await payouts.ListUnconfirmedAsync(umoja.Chama.Id));
        Assert.Empty(await payouts.ListUnresolvedAsync());
        Assert.Empty(await approvals.GetOpenAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task The_statement_showing_it_not_paid_fails_the_payout_so_fresh_approvals_can_start()
    {
        var payout = await UnconfirmedPayoutAsync();

        var settled = await payouts.SettleFromStatementAsync(payout.Id, paid: false, null, Actor.Member(umoja.Patrick.Id, "test"), Notices);

        Assert.Equal((true, DisbursementStatus.Failed, (string?)null), (settled.NewlySettled, settled.Disbursement.Status, settled.Disbursement.TransactionId));
        var again = Assert.Single(await approvals.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal((Round4.Id, 2, 0), (again.Subject.Id, again.Attempt, again.Approvals));
        Assert.Equal(4, await db.CountAsync("outbound_messages"));
    }

    [Fact]
    public async Task The_statement_is_refused_for_a_payout_that_is_not_unconfirmed_and_changes_nothing()
    {
        var payout = await SentPayoutAsync();

        var unresolved = await Assert.ThrowsAsync<ChamaException>(() => payouts.SettleFromStatementAsync(payout.Id, paid: false, null, TestDatabase.Treasurer, Notices));
        var unknown = await Assert.ThrowsAsync<ChamaException>(() => payouts.SettleFromStatementAsync(payout.Id + 99, paid: false, null, TestDatabase.Treasurer, Notices));
        await payouts.MarkUnconfirmedAsync(payout.Id, Notices);
        await payouts.SettleFromStatementAsync(payout.Id, paid: false, null, TestDatabase.Treasurer, Notices);
        var otherwise = await Assert.ThrowsAsync<ChamaException>(() => payouts.SettleFromStatementAsync(payout.Id, paid: true, StatementReceipt, TestDatabase.Treasurer, Notices));

        Assert.Equal(
            [ChamaError.PayoutNotUnconfirmed, ChamaError.PayoutNotUnconfirmed, ChamaError.PayoutNotUnconfirmed],
            new[] { unresolved.Error, unknown.Error, otherwise.Error });
        Assert.Equal(0, await CountAsync("disbursement_events", "status = 'Completed'"));
        Assert.Equal(1, await CountAsync("disbursement_events", "status = 'Failed'"));
    }

    [Fact]
    public async Task The_statement_showing_it_paid_needs_an_mpesa_receipt_not_used_by_another_payout()
    {
        var payout = await UnconfirmedPayoutAsync();

        var missing = await Assert.ThrowsAsync<ChamaException>(() => payouts.SettleFromStatementAsync(payout.Id, paid: true, null, TestDatabase.Treasurer, Notices));
        var cash = await Assert.ThrowsAsync<ChamaException>(() => payouts.SettleFromStatementAsync(payout.Id, paid: true, "CASH-2026-1", TestDatabase.Treasurer, Notices));
        await using (var connection = await db.ConnectAsync())
        {
            // Another payout already completed with that receipt (a round 3 pot, settled by M-Pesa's own result).
            await connection.ExecuteAsync(
                """
                INSERT INTO disbursements (kind, subject_id, attempt, chama_id, recipient_member_id, receive_phone, amount_minor, currency, originator_conversation_id, created_at, send_after)
                VALUES ('Pot', @Round, 1, @ChamaId, @MemberId, '+254733000003', 100, 'KES', 'other-payout', 0, 0);
                INSERT INTO disbursement_events (disbursement_id, status, transaction_id, at)
                SELECT id, 'Completed', @StatementReceipt, 0 FROM disbursements WHERE originator_conversation_id = 'other-payout';
                """,
                new { Round = umoja.Rounds[2].Id, ChamaId = umoja.Chama.Id, MemberId = umoja.Diana.Id, StatementReceipt });
        }

        var reused = await Assert.ThrowsAsync<ChamaException>(() => payouts.SettleFromStatementAsync(payout.Id, paid: true, StatementReceipt, TestDatabase.Treasurer, Notices));

        Assert.Equal([ChamaError.InvalidReceipt, ChamaError.InvalidReceipt, ChamaError.ReceiptConflict], new[] { missing.Error, cash.Error, reused.Error });
        Assert.Equal(DisbursementStatus.Unconfirmed, Assert.Single(await payouts.ListUnconfirmedAsync(umoja.Chama.Id)).Payout.Status);
    }

    /// <summary>One message per officer, keyed per payout and officer, as the real notices are.</summary>
    [Fact]
    public async Task One_officers_reading_of_the_statement_settles_nothing_until_the_quorum_agrees()
    {
        var payout = await UnconfirmedPayoutAsync();
        var statements = new PayoutStatementStore(db.Database, db.Clock);

        var proposed = await statements.ProposeAsync(umoja.Grace, payout.Code, paid: true, StatementReceipt, "whatsapp", Notices);

        Assert.Equal((StatementOutcome.Recorded, 1, 2), (proposed.Outcome, proposed.Statement!.Approvals, proposed.Statement.Required));
        Assert.Equal(DisbursementStatus.Unconfirmed, Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Pot, Round4.Id)).Status);
        Assert.Equal(StatementOutcome.AlreadyProposed, (await statements.ProposeAsync(umoja.Patrick, payout.Code, paid: false, null, "whatsapp", Notices)).Outcome);

        var settled = await statements.DecideAsync(umoja.Patrick, proposed.Statement.Id, Decision.Approve, null, "whatsapp", Notices);

        Assert.Equal(StatementOutcome.Settled, settled.Outcome);
        var completed = Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Pot, Round4.Id));
        Assert.Equal((DisbursementStatus.Completed, StatementReceipt), (completed.Status, completed.TransactionId));
        Assert.Empty(await statements.GetOpenAsync(umoja.Chama.Id));
        Assert.Equal(StatementOutcome.NotOpen, (await statements.DecideAsync(umoja.Grace, proposed.Statement.Id, Decision.Approve, null, "whatsapp", Notices)).Outcome);
    }

    [Fact]
    public async Task A_statement_rejected_by_one_officer_leaves_the_payout_unconfirmed_and_unpayable_again()
    {
        var payout = await UnconfirmedPayoutAsync();
        var statements = new PayoutStatementStore(db.Database, db.Clock);
        var proposed = await statements.ProposeAsync(umoja.Grace, payout.Code, paid: false, null, "whatsapp", Notices);

        var rejected = await statements.DecideAsync(umoja.Patrick, proposed.Statement!.Id, Decision.Reject, "the statement shows it paid", "whatsapp", Notices);

        Assert.Equal(StatementOutcome.Rejected, rejected.Outcome);
        Assert.Equal(DisbursementStatus.Unconfirmed, Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Pot, Round4.Id)).Status);
        Assert.Empty(await approvals.GetOpenAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task A_statement_is_refused_for_a_payout_that_is_not_unconfirmed_and_needs_a_real_receipt_when_paid()
    {
        var payout = await SentPayoutAsync();
        var statements = new PayoutStatementStore(db.Database, db.Clock);

        Assert.Equal(StatementOutcome.NotUnconfirmed, (await statements.ProposeAsync(umoja.Grace, payout.Code, paid: false, null, "whatsapp", Notices)).Outcome);
        Assert.Equal(
            ChamaError.InvalidReceipt,
            (await Assert.ThrowsAsync<ChamaException>(() => statements.ProposeAsync(umoja.Grace, payout.Code, paid: true, "CASH-1", "whatsapp", Notices))).Error);
        Assert.Equal(0, await CountAsync("payout_statements", "1 = 1"));
    }

    private static IEnumerable<OutboundMessage> Notices(Disbursement payout, Chama.Data.Mpesa.PaymentParties parties, string detail) =>
        parties.Officers.Select(o => new OutboundMessage($"test:{payout.Id}:{payout.Status}:{o.Id}", parties.Chama.Id, o.Id, o.Phone, $"{payout.Code} {payout.Status} {detail}"));

    /// <summary>Round 4 (Samuel's) paid in full, approved by Grace and Patrick, and sent: no result yet.</summary>
    private async Task<Disbursement> SentPayoutAsync()
    {
        var receipts = new[] { "QKJ4HT8MY1", "QKJ4HT8MY2", "QKJ4HT8MY3", "QKJ4HT8MY4" };
        foreach (var (member, receipt) in umoja.Members.Zip(receipts))
        {
            await db.Ledger.RecordAsync(umoja.Pay(member, 10_000, receipt, Round4), TestDatabase.Treasurer);
        }

        await DecideAsync(umoja.Grace);
        await DecideAsync(umoja.Patrick);
        return Assert.Single(await payouts.ClaimApprovedAsync(10));
    }

    private async Task<Disbursement> UnconfirmedPayoutAsync()
    {
        var payout = await SentPayoutAsync();
        Assert.True(await payouts.MarkUnconfirmedAsync(payout.Id, Notices));
        return payout;
    }

    private Task<(DecisionOutcome Outcome, PendingApproval? After)> DecideAsync(Member officer) =>
        approvals.DecideAsync(officer, ApprovalKind.Pot, Round4.Id, Decision.Approve, null, "test");

    private Task<long> CountAsync(string table, string where) =>
        db.Database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where};", transaction: transaction));
}

public sealed class SqliteUnresolvedPayoutTests() : UnresolvedPayoutTests(Engine.Sqlite);

public sealed class PostgresUnresolvedPayoutTests() : UnresolvedPayoutTests(Engine.Postgres);
