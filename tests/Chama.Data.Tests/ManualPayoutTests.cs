using Chama.Core;
using Chama.Data.Accounts;
using Chama.Data.Approvals;
using Chama.Data.Disbursements;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// A payout M-Pesa cannot send (the recipient's payout phone is abroad) waits for an officer to pay it from the cash or
/// the bank: never claimed for B2C, recorded once with its reference, confirmed by the recipient, shown to the officers
/// when not confirmed in three days; and the accounts show where the money went.
/// </summary>
public abstract class ManualPayoutTests(Engine engine) : IAsyncLifetime
{
    private const string LondonPhone = "+447911123456";
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private ApprovalStore approvals = null!;
    private DisbursementStore payouts = null!;
    private AccountStore accounts = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        approvals = new ApprovalStore(db.Database, db.Clock);
        payouts = new DisbursementStore(db.Database, db.Clock);
        accounts = new AccountStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Round Round4 => umoja.Rounds[3];

    private string Code => ApprovalSubject.CodeFor(ApprovalKind.Pot, Round4.Id);

    [Fact]
    public async Task A_payout_to_a_phone_abroad_is_never_claimed_for_mpesa_and_waits_to_be_paid_by_hand()
    {
        await ApprovedPayoutAbroadAsync();

        Assert.Empty(await payouts.ClaimApprovedAsync(10));
        var waiting = Assert.Single(await payouts.ListAwaitingHandAsync(umoja.Chama.Id));
        Assert.Equal((Code, "Samuel Kimani", LondonPhone), (waiting.Payout.Code, waiting.RecipientName, waiting.Payout.ReceivePhone.E164));
    }

    [Fact]
    public async Task Paid_in_cash_by_an_officer_completes_the_payout_once_with_a_cash_reference()
    {
        await ApprovedPayoutAbroadAsync();

        var paid = await payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Cash, null, "test", (_, _, _) => []);
        var again = await payouts.RecordPaidByHandAsync(umoja.Grace, Code.ToLowerInvariant(), AccountKind.Cash, null, "test", (_, _, _) => []);

        Assert.Equal((DisbursementStatus.Completed, $"CASH-{Code}-1", AccountKind.Cash), (paid.Payout.Status, paid.Reference, paid.Account));
        Assert.Equal(paid.Reference, again.Reference);
        Assert.Equal(1, await db.CountAsync("manual_payouts"));
        Assert.Equal(1, await CountAsync("disbursement_events", "status = 'Completed'"));
        Assert.Equal(1, await CountAsync("audit_log", $"action = 'payout.completed' AND actor_member_id = {umoja.Grace.Id}"));
        Assert.Empty(await payouts.ListAwaitingHandAsync(umoja.Chama.Id));
        Assert.Empty(await payouts.ClaimApprovedAsync(10));
    }

    [Fact]
    public async Task The_recipient_cannot_record_their_own_payout_as_paid()
    {
        await ApprovedPayoutAbroadAsync();
        await PromoteSamuelAsync();

        var refused = await Assert.ThrowsAsync<ChamaException>(() => payouts.RecordPaidByHandAsync(Samuel(MemberRoles.Secretary), Code, AccountKind.Cash, null, "test", (_, _, _) => []));

        Assert.Equal(ChamaError.OwnPayout, refused.Error);
        Assert.Equal(0, await db.CountAsync("manual_payouts"));
    }

    [Fact]
    public async Task A_member_who_is_not_an_officer_cannot_record_a_payout()
    {
        await ApprovedPayoutAbroadAsync();

        var refused = await Assert.ThrowsAsync<ChamaException>(() => payouts.RecordPaidByHandAsync(umoja.Diana, Code, AccountKind.Cash, null, "test", (_, _, _) => []));

        Assert.Equal(ChamaError.NotAnOfficer, refused.Error);
    }

    [Fact]
    public async Task A_payout_mpesa_can_send_cannot_be_recorded_as_paid_by_hand()
    {
        await PayRound4Async();
        await ApproveAsync();

        var refused = await Assert.ThrowsAsync<ChamaException>(() => payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Cash, null, "test", (_, _, _) => []));

        Assert.Equal(ChamaError.PayoutNotPayableByHand, refused.Error);
        Assert.Single(await payouts.ClaimApprovedAsync(10));
    }

    [Fact]
    public async Task A_bank_payout_needs_the_chamas_bank_account_and_a_reference_not_already_on_the_books()
    {
        await ApprovedPayoutAbroadAsync();

        var noBank = await Assert.ThrowsAsync<ChamaException>(() => payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Bank, "FT2334", "test", (_, _, _) => []));
        await accounts.OpenBankAsync(umoja.Chama.Id, "Equity 0123456789", TestDatabase.Treasurer);
        await WriteInUmojaAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at) VALUES (@ChamaId, @RoundId, @MemberId, 'Pot', 50000, 'KES', 'BANK-FT2334', 0);",
            new { ChamaId = umoja.Chama.Id, RoundId = umoja.Round1.Id, MemberId = umoja.Diana.Id },
            t));
        var used = await Assert.ThrowsAsync<ChamaException>(() => payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Bank, "ft2334", "test", (_, _, _) => []));
        var paid = await payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Bank, "FT9001", "test", (_, _, _) => []);

        Assert.Equal((ChamaError.NoSuchAccount, ChamaError.ReceiptConflict), (noBank.Error, used.Error));
        Assert.Equal(("BANK-FT9001", DisbursementStatus.Completed), (paid.Reference, paid.Payout.Status));
    }

    [Fact]
    public async Task The_recipient_confirms_receipt_once_and_an_unconfirmed_payout_is_listed_after_three_days()
    {
        await ApprovedPayoutAbroadAsync();
        await payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Cash, null, "test", (_, _, _) => []);

        db.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Empty(await payouts.ListUnreceivedAsync(umoja.Chama.Id));
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        var unreceived = Assert.Single(await payouts.ListUnreceivedAsync(umoja.Chama.Id));
        Assert.Equal(("Grace Wanjiku", "Samuel Kimani"), (unreceived.OfficerName, unreceived.RecipientName));

        var notTheirs = await Assert.ThrowsAsync<ChamaException>(() => payouts.ConfirmReceivedAsync(umoja.Patrick, Code, "test"));
        var confirmed = await payouts.ConfirmReceivedAsync(Samuel(), Code, "test");
        var again = await payouts.ConfirmReceivedAsync(Samuel(), Code, "test");

        Assert.Equal(ChamaError.NotYourPayout, notTheirs.Error);
        Assert.Equal(db.Clock.GetUtcNow(), confirmed.ConfirmedAt);
        Assert.Equal(confirmed.ConfirmedAt, again.ConfirmedAt);
        Assert.Equal(1, await db.CountAsync("payout_confirmations"));
        Assert.Empty(await payouts.ListUnreceivedAsync(umoja.Chama.Id));
    }

    [Fact]
    public async Task Each_account_shows_the_money_in_by_its_reference_and_the_payouts_out_by_how_they_were_paid()
    {
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MY1", Round4), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Patrick, 10_000, "CASH-MEETING-1", Round4), TestDatabase.Treasurer);
        await ApprovedPayoutAbroadAsync();
        await payouts.RecordPaidByHandAsync(umoja.Grace, Code, AccountKind.Cash, null, "test", (_, _, _) => []);

        var balances = (await accounts.ListAsync(umoja.Chama.Id)).ToDictionary(b => b.Account.Kind);

        Assert.Equal([AccountKind.Mpesa, AccountKind.Cash], balances.Keys);
        Assert.Equal((Money.Kes(30_000), Money.Kes(0)), (balances[AccountKind.Mpesa].In, balances[AccountKind.Mpesa].Out));
        Assert.Equal((Money.Kes(10_000), Money.Kes(40_000), Money.Kes(-30_000)), (balances[AccountKind.Cash].In, balances[AccountKind.Cash].Out, balances[AccountKind.Cash].Balance));
        Assert.Equal(("Grace Wanjiku", umoja.Grace.Id), (balances[AccountKind.Cash].Account.Name, balances[AccountKind.Cash].Account.HolderMemberId));
        var cash = await accounts.MovementsAsync(umoja.Chama.Id, AccountKind.Cash);
        Assert.Equal(["CASH-MEETING-1", $"CASH-{Code}-1"], cash.Select(m => m.Reference));
        Assert.Equal([Money.Kes(10_000), Money.Kes(-40_000)], cash.Select(m => m.Amount));
    }

    [Fact]
    public async Task The_cash_is_held_by_the_officer_the_operator_names_and_never_by_a_plain_member()
    {
        var plain = await Assert.ThrowsAsync<ChamaException>(() => accounts.NameCashHolderAsync(umoja.Chama.Id, umoja.Diana.Seat, TestDatabase.Treasurer));
        await accounts.NameCashHolderAsync(umoja.Chama.Id, umoja.Patrick.Seat, TestDatabase.Treasurer);

        var cash = (await accounts.ListAsync(umoja.Chama.Id)).Single(b => b.Account.Kind == AccountKind.Cash).Account;
        Assert.Equal(ChamaError.NotAnOfficer, plain.Error);
        Assert.Equal(("Patrick Ochieng", umoja.Patrick.Id), (cash.Name, cash.HolderMemberId));
    }

    /// <summary>Round 4 (Samuel's) paid in full by M-Pesa, Samuel's payout phone moved to London and past its delay, and the pot approved.</summary>
    private async Task ApprovedPayoutAbroadAsync()
    {
        await PayRound4Async();
        await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "0711000004", 4, ReceivePhone: LondonPhone), TestDatabase.Treasurer);
        db.Clock.Advance(TimeSpan.FromDays(2));
        await ApproveAsync();
    }

    private async Task PayRound4Async()
    {
        var receipts = new[] { "QKJ4HT8MZ1", "QKJ4HT8MZ2", "QKJ4HT8MZ3", "QKJ4HT8MZ4" };
        foreach (var (member, receipt) in umoja.Members.Zip(receipts))
        {
            if (await db.Database.ReadAsync((c, t) => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM contributions WHERE member_id = @Id AND round_id = @Round;", new { member.Id, Round = Round4.Id }, t)) == 0)
            {
                await db.Ledger.RecordAsync(umoja.Pay(member, 10_000, receipt, Round4), TestDatabase.Treasurer);
            }
        }
    }

    private async Task ApproveAsync()
    {
        await approvals.DecideAsync(umoja.Grace, ApprovalKind.Pot, Round4.Id, Decision.Approve, null, "test");
        await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Pot, Round4.Id, Decision.Approve, null, "test");
    }

    private Task PromoteSamuelAsync() =>
        WriteInUmojaAsync((c, t) => c.ExecuteAsync("UPDATE members SET roles = @Roles WHERE id = @Id;", new { Roles = (long)MemberRoles.Secretary, umoja.Samuel.Id }, t));

    private Member Samuel(MemberRoles roles = MemberRoles.Member) => umoja.Samuel with { Roles = roles };

    private Task<long> CountAsync(string table, string where) =>
        db.Database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where};", transaction: transaction));

    /// <summary>A write of Umoja's rows made by the test itself, entering the chama as every store's write does.</summary>
    private Task<T> WriteInUmojaAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work) =>
        db.Database.WriteInChamaAsync(umoja.Chama.Id, work);
}

public sealed class SqliteManualPayoutTests() : ManualPayoutTests(Engine.Sqlite);

public sealed class PostgresManualPayoutTests() : ManualPayoutTests(Engine.Postgres);
