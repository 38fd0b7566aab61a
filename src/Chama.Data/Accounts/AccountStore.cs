using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Dapper;

namespace Chama.Data.Accounts;

/// <summary>
/// Where a chama's money sits: the M-Pesa paybill, a bank account when it has one, and the cash an officer holds (the
/// first treasurer unless another officer is named). Balances and movements are read from the ledger itself — payments
/// in by their reference, payouts out by how they were paid — so they cannot drift from it.
/// </summary>
public sealed class AccountStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// The account a contribution <c>c</c> sits in: cash and bank by their references; an M-Pesa receipt an officer
    /// recorded was sent to that officer's own number, so officers hold it, with the cash; any other the paybill.
    /// </summary>
    private const string AccountOfPayment =
        $"""
        CASE WHEN c.receipt LIKE '{Receipt.CashPrefix}%' THEN 'Cash' WHEN c.receipt LIKE '{Receipt.BankPrefix}%' THEN 'Bank'
             WHEN EXISTS (SELECT 1 FROM recorded_payments r WHERE r.contribution_id = c.id AND r.method = 'Mpesa') THEN 'Cash'
             ELSE 'Mpesa' END
        """;

    /// <summary>
    /// Every movement of the chama's money with the account it names: payments in positive; payouts out, and payments
    /// reversed by a correction (from the account the payment sits in), negative.
    /// </summary>
    private const string Movements =
        $"""
        SELECT c.recorded_at AS at, c.receipt AS reference, m.name AS member_name, c.fund AS what, c.amount_minor AS amount_minor,
               {AccountOfPayment} AS account
        FROM contributions c JOIN members m ON m.id = c.member_id
        WHERE c.chama_id = @chamaId
        UNION ALL
        SELECT v.reversed_at, c.receipt, m.name, 'Reversal', -v.amount_minor, {AccountOfPayment}
        FROM payment_reversals v JOIN contributions c ON c.id = v.contribution_id JOIN members m ON m.id = c.member_id
        WHERE v.chama_id = @chamaId
        UNION ALL
        SELECT e.at, COALESCE(e.transaction_id, d.originator_conversation_id), m.name, d.kind || 'Payout', -d.amount_minor,
               COALESCE(p.account, 'Mpesa')
        FROM disbursements d
        JOIN disbursement_events e ON e.disbursement_id = d.id AND e.status = 'Completed'
        JOIN members m ON m.id = d.recipient_member_id
        LEFT JOIN manual_payouts p ON p.disbursement_id = d.id
        WHERE d.chama_id = @chamaId
        """;

    /// <summary>
    /// Names the chama's bank account (from the operator's command line); a later one replaces it for what is recorded
    /// from then on. Money already recorded stays where it was.
    /// </summary>
    public Task OpenBankAsync(long chamaId, string name, Actor actor, CancellationToken cancellationToken = default)
    {
        var valid = ChamaAccount.ValidateBankName(name);
        return OpenAsync(chamaId, AccountKind.Bank, valid, null, actor, cancellationToken);
    }

    /// <summary>Names the officer who holds the chama's cash (from the operator's command line).</summary>
    public Task NameCashHolderAsync(long chamaId, int seat, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, chamaId);
                var holder = await connection.QuerySingleOrDefaultAsync<MemberRow>(
                    $"{MemberRow.Select} WHERE chama_id = @chamaId AND seat = @seat AND active = 1;", new { chamaId, seat }, transaction);
                if (holder?.ToMember() is not { IsOfficer: true } officer)
                {
                    throw new ChamaException(ChamaError.NotAnOfficer, $"Seat {seat} is not an officer of the chama: only an officer holds its cash.");
                }

                await InsertAsync(transaction, chamaId, AccountKind.Cash, officer.Name, officer.Id, actor, clock.GetUtcNow());
                return 0;
            },
            cancellationToken);

    /// <summary>The chama's accounts with their balances: M-Pesa, the bank when it has one or money in it, and the cash.</summary>
    public Task<IReadOnlyList<AccountBalance>> ListAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AccountBalance>>(
            async (connection, transaction) =>
            {
                var currency = await connection.ExecuteScalarAsync<string>("SELECT currency FROM chamas WHERE id = @chamaId;", new { chamaId }, transaction)
                    ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
                var totals = (await connection.QueryAsync<(string Account, long In, long Out)>(
                    $"""
                    SELECT account, SUM(CASE WHEN amount_minor > 0 THEN amount_minor ELSE 0 END), SUM(CASE WHEN amount_minor < 0 THEN -amount_minor ELSE 0 END)
                    FROM ({Movements}) movements GROUP BY account;
                    """,
                    new { chamaId },
                    transaction)).ToDictionary(t => Enum.Parse<AccountKind>(t.Account));
                var bank = await LatestAsync(transaction, chamaId, AccountKind.Bank);
                var accounts = new List<ChamaAccount> { new(AccountKind.Mpesa, "M-Pesa", null) };
                if (bank is not null || totals.ContainsKey(AccountKind.Bank))
                {
                    accounts.Add(bank ?? new ChamaAccount(AccountKind.Bank, "", null));
                }

                accounts.Add(await CashAsync(transaction, chamaId));
                return accounts.Select(a => totals.TryGetValue(a.Kind, out var t)
                        ? new AccountBalance(a, new Money(t.In, currency), new Money(t.Out, currency))
                        : new AccountBalance(a, Money.Zero(currency), Money.Zero(currency)))
                    .ToList();
            },
            cancellationToken);

    /// <summary>An account's movements, oldest first.</summary>
    public Task<IReadOnlyList<AccountMovement>> MovementsAsync(long chamaId, AccountKind account, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<AccountMovement>>(
            async (connection, transaction) =>
            {
                var currency = await connection.ExecuteScalarAsync<string>("SELECT currency FROM chamas WHERE id = @chamaId;", new { chamaId }, transaction) ?? "";
                var rows = await connection.QueryAsync<(long At, string Reference, string MemberName, string What, long AmountMinor)>(
                    $"SELECT at, reference, member_name, what, amount_minor FROM ({Movements}) movements WHERE account = @Account ORDER BY at, reference;",
                    new { chamaId, Account = account.ToString() },
                    transaction);
                return rows.Select(r => new AccountMovement(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Reference, r.MemberName, r.What, new Money(r.AmountMinor, currency))).ToList();
            },
            cancellationToken);

    /// <summary>The cash account: the officer last named to hold it, or else the chama's first treasurer (by seat).</summary>
    private static async Task<ChamaAccount> CashAsync(DbTransaction transaction, long chamaId)
    {
        if (await LatestAsync(transaction, chamaId, AccountKind.Cash) is { } named)
        {
            return named;
        }

        var treasurer = await transaction.Connection!.QueryFirstOrDefaultAsync<(long Id, string Name)?>(
            "SELECT id, name FROM members WHERE chama_id = @chamaId AND active = 1 AND (roles & @Treasurer) <> 0 ORDER BY seat;",
            new { chamaId, Treasurer = (long)MemberRoles.Treasurer },
            transaction);
        return new ChamaAccount(AccountKind.Cash, treasurer?.Name ?? "", treasurer?.Id);
    }

    /// <summary>The latest row naming an account of that kind, if any.</summary>
    internal static async Task<ChamaAccount?> LatestAsync(DbTransaction transaction, long chamaId, AccountKind kind)
    {
        var row = await transaction.Connection!.QueryFirstOrDefaultAsync<(string Name, long? HolderMemberId)?>(
            "SELECT name, holder_member_id FROM chama_accounts WHERE chama_id = @chamaId AND kind = @Kind ORDER BY id DESC;",
            new { chamaId, Kind = kind.ToString() },
            transaction);
        return row is { } r ? new ChamaAccount(kind, r.Name, r.HolderMemberId) : null;
    }

    private Task OpenAsync(long chamaId, AccountKind kind, string name, long? holderId, Actor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (_, transaction) =>
            {
                await InsertAsync(transaction, chamaId, kind, name, holderId, actor, clock.GetUtcNow());
                return 0;
            },
            cancellationToken);

    private static async Task InsertAsync(DbTransaction transaction, long chamaId, AccountKind kind, string name, long? holderId, Actor actor, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        await transaction.Connection!.ExecuteAsync(
            "INSERT INTO chama_accounts (chama_id, kind, name, holder_member_id, opened_at) VALUES (@chamaId, @Kind, @name, @holderId, @At);",
            new { chamaId, Kind = kind.ToString(), name, holderId, At = now.ToUnixTimeMilliseconds() },
            transaction);
        await Audit.RecordAsync(transaction, chamaId, actor, "account.opened", $"{kind} {name}", now);
    }
}
