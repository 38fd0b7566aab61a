using System.Data.Common;
using Chama.Core;
using Chama.Data.Accounts;
using Chama.Data.Chamas;
using Chama.Data.Mpesa;
using Dapper;

namespace Chama.Data.Disbursements;

/// <summary>An approved payout M-Pesa will not send (another currency, a recipient abroad): it waits for an officer to pay it by hand.</summary>
public sealed record PayoutAwaitingHand(Disbursement Payout, string RecipientName);

/// <summary>
/// Payouts M-Pesa cannot send (<see cref="MpesaReach"/>), paid from the bank or the cash account instead. The officers'
/// quorum approves them as any payout, and a welfare payout waits out its cooling-off as any; an officer other than the
/// recipient then records how it was paid, with its reference, which settles it once (the same 'Sent' and 'Completed'
/// events as an M-Pesa payout). The recipient confirms receiving it; one not confirmed within
/// <see cref="ManualPayout.ConfirmationDue"/> is shown to the officers.
/// </summary>
public sealed partial class DisbursementStore
{
    private const string ManualSelect =
        """
        SELECT p.disbursement_id, p.account, p.reference, p.officer_member_id, o.name AS officer_name, r.name AS recipient_name,
               p.recorded_at, c.confirmed_at
        FROM manual_payouts p
        JOIN disbursements d ON d.id = p.disbursement_id
        JOIN members o ON o.id = p.officer_member_id
        JOIN members r ON r.id = d.recipient_member_id
        LEFT JOIN payout_confirmations c ON c.disbursement_id = p.disbursement_id
        """;

    /// <summary>
    /// Records that the officer paid the approved payout <paramref name="code"/> (<c>P3</c>, <c>W7</c>) from the
    /// <paramref name="account"/>: cash gets a reference of its own (<see cref="ManualPayout.CashReference"/>), a bank
    /// transfer needs the bank's. The same record again changes nothing. Refused with
    /// <see cref="ChamaError.PayoutNotPayableByHand"/> when no approved payout of that code waits to be paid by hand,
    /// <see cref="ChamaError.OwnPayout"/> when the officer is its recipient, <see cref="ChamaError.NoSuchAccount"/> for a bank account the chama has not named, and
    /// <see cref="ChamaError.ReceiptConflict"/> for a bank reference already used.
    /// </summary>
    public Task<ManualPayout> RecordPaidByHandAsync(
        Member officer, string code, AccountKind account, string? bankReference, string channel, PayoutNotices notices, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers record how a payout was paid.");
        }

        if (account == AccountKind.Mpesa || !ApprovalSubject.TryParseCode(code, out var kind, out var subjectId))
        {
            throw new ChamaException(ChamaError.PayoutNotPayableByHand, $"'{code}' is not a payout paid from the bank or the cash.");
        }

        var reference = account == AccountKind.Bank ? ManualPayout.BankReference(bankReference ?? "") : null;
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var attempts = await ListForSubjectAsync(transaction, kind, subjectId);
                if (attempts.LastOrDefault(a => a.ChamaId == officer.ChamaId) is { } last
                    && await FindManualAsync(transaction, last.Id) is { } recorded
                    && recorded.Account == account && recorded.OfficerMemberId == officer.Id && (reference is null || recorded.Reference == reference))
                {
                    return recorded;
                }

                var payout = (await QueryAsync(transaction, $"WHERE d.chama_id = @ChamaId AND d.kind = @Kind AND d.subject_id = @subjectId AND {AwaitingHand}", WithMpesaRoute(new
                {
                    officer.ChamaId,
                    Kind = kind.ToString(),
                    subjectId,
                    Now = now.ToUnixTimeMilliseconds(),
                }))).SingleOrDefault();
                if (payout is null)
                {
                    throw new ChamaException(
                        ChamaError.PayoutNotPayableByHand,
                        $"{code.ToUpperInvariant()} is not an approved payout waiting to be paid by hand: it is not approved yet, still cooling off, paid by M-Pesa, or already paid.");
                }

                if (payout.RecipientMemberId == officer.Id)
                {
                    throw new ChamaException(ChamaError.OwnPayout, $"{payout.Code} is your own payout: another officer pays it and records it.");
                }

                if (account == AccountKind.Bank && await AccountStore.LatestAsync(transaction, officer.ChamaId, AccountKind.Bank) is null)
                {
                    throw new ChamaException(ChamaError.NoSuchAccount, "The chama has no bank account on record: the operator names it first (chama account bank).");
                }

                reference ??= ManualPayout.CashReference(payout);
                if (await connection.ExecuteScalarAsync<long>(
                        "SELECT (SELECT COUNT(*) FROM manual_payouts WHERE reference = @reference) + (SELECT COUNT(*) FROM contributions WHERE receipt = @reference);",
                        new { reference },
                        transaction) > 0)
                {
                    throw new ChamaException(ChamaError.ReceiptConflict, $"The reference {reference} is already on the books.");
                }

                await connection.ExecuteAsync(
                    """
                    INSERT INTO manual_payouts (disbursement_id, account, reference, officer_member_id, channel, recorded_at)
                    VALUES (@Id, @Account, @reference, @OfficerId, @channel, @At);
                    INSERT INTO disbursement_events (disbursement_id, status, at) VALUES (@Id, 'Sent', @At);
                    """,
                    new { payout.Id, Account = account.ToString(), reference, OfficerId = officer.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                var detail = account == AccountKind.Cash ? $"paid in cash by {officer.Name}" : $"paid from the bank by {officer.Name}";
                await RecordOutcomeAsync(transaction, payout, succeeded: true, reference, detail, Actor.Member(officer.Id, channel), notices, now);
                return (await FindManualAsync(transaction, payout.Id))!;
            },
            cancellationToken);
    }

    /// <summary>
    /// The recipient says a payout paid by hand reached them (<c>RECEIVED P3</c>); saying it again changes nothing.
    /// Refused with <see cref="ChamaError.NotYourPayout"/> unless <paramref name="member"/> is the recipient of a payout of
    /// that code recorded as paid by hand.
    /// </summary>
    public Task<ManualPayout> ConfirmReceivedAsync(Member member, string code, string channel, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, member.ChamaId);
                var manual = ApprovalSubject.TryParseCode(code, out var kind, out var subjectId)
                    ? (await ListForSubjectAsync(transaction, kind, subjectId)).Where(p => p.ChamaId == member.ChamaId && p.RecipientMemberId == member.Id).LastOrDefault()
                    : null;
                if (manual is null || await FindManualAsync(transaction, manual.Id) is not { } paid)
                {
                    throw new ChamaException(ChamaError.NotYourPayout, $"{code.ToUpperInvariant()} is not a payout to you paid from the bank or the cash.");
                }

                if (paid.ConfirmedAt is not null)
                {
                    return paid;
                }

                await connection.ExecuteAsync(
                    "INSERT INTO payout_confirmations (disbursement_id, member_id, channel, confirmed_at) VALUES (@Id, @MemberId, @channel, @At);",
                    new { manual.Id, MemberId = member.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, member.ChamaId, Actor.Member(member.Id, channel), "payout.received", $"{manual.Code} {paid.Reference}", now);
                return paid with { ConfirmedAt = now };
            },
            cancellationToken);
    }

    /// <summary>Approved payouts of the chama that M-Pesa will not send, waiting for an officer to pay them by hand.</summary>
    public Task<IReadOnlyList<PayoutAwaitingHand>> ListAwaitingHandAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PayoutAwaitingHand>>(
            async (connection, transaction) =>
            {
                var waiting = await QueryAsync(
                    transaction, $"WHERE d.chama_id = @chamaId AND {AwaitingHand} ORDER BY d.id", WithMpesaRoute(new { chamaId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }));
                var names = (await connection.QueryAsync<(long Id, string Name)>("SELECT id, name FROM members WHERE chama_id = @chamaId;", new { chamaId }, transaction)).ToDictionary(m => m.Id, m => m.Name);
                return waiting.Select(p => new PayoutAwaitingHand(p, names[p.RecipientMemberId])).ToList();
            },
            cancellationToken);

    /// <summary>Payouts paid by hand whose recipient has not said they received them within <see cref="ManualPayout.ConfirmationDue"/>.</summary>
    public Task<IReadOnlyList<ManualPayout>> ListUnreceivedAsync(long chamaId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.ReadAsync<IReadOnlyList<ManualPayout>>(
            async (connection, transaction) =>
            {
                var ids = await connection.QueryAsync<long>(
                    """
                    SELECT p.disbursement_id FROM manual_payouts p JOIN disbursements d ON d.id = p.disbursement_id
                    WHERE d.chama_id = @chamaId AND p.recorded_at <= @Due
                      AND NOT EXISTS (SELECT 1 FROM payout_confirmations c WHERE c.disbursement_id = p.disbursement_id)
                    ORDER BY p.disbursement_id;
                    """,
                    new { chamaId, Due = (now - ManualPayout.ConfirmationDue).ToUnixTimeMilliseconds() },
                    transaction);
                var unreceived = new List<ManualPayout>();
                foreach (var id in ids)
                {
                    unreceived.Add((await FindManualAsync(transaction, id))!);
                }

                return unreceived;
            },
            cancellationToken);
    }

    /// <summary>The condition, on <c>d</c>, of a payout M-Pesa can send (<see cref="MpesaReach.Serves(string, PhoneNumber)"/>), with <see cref="WithMpesaRoute"/>.</summary>
    private const string ByMpesa = "d.currency = @MpesaCurrency AND d.receive_phone LIKE @KenyanPhones";

    /// <summary>Approved, M-Pesa cannot send it, past its cooling-off (<c>@Now</c>), and not yet paid: an officer pays it by hand.</summary>
    private const string AwaitingHand =
        $"NOT EXISTS (SELECT 1 FROM disbursement_events e WHERE e.disbursement_id = d.id) AND NOT ({ByMpesa}) AND d.send_after <= @Now";

    private static DynamicParameters WithMpesaRoute(object parameters)
    {
        var all = new DynamicParameters(parameters);
        all.AddDynamicParams(new { MpesaCurrency = MpesaReach.Currency, KenyanPhones = PhoneNumber.KenyanPrefix + "%" });
        return all;
    }

    private static async Task<ManualPayout?> FindManualAsync(DbTransaction transaction, long payoutId)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<ManualRow>($"{ManualSelect} WHERE p.disbursement_id = @payoutId;", new { payoutId }, transaction);
        return row is null ? null : new ManualPayout(
            (await FindAsync(transaction, payoutId))!,
            Enum.Parse<AccountKind>(row.Account),
            row.Reference,
            row.OfficerMemberId,
            row.OfficerName,
            row.RecipientName,
            DateTimeOffset.FromUnixTimeMilliseconds(row.RecordedAt),
            row.ConfirmedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
    }

    private sealed class ManualRow
    {
        public long DisbursementId { get; init; }
        public string Account { get; init; } = "";
        public string Reference { get; init; } = "";
        public long OfficerMemberId { get; init; }
        public string OfficerName { get; init; } = "";
        public string RecipientName { get; init; } = "";
        public long RecordedAt { get; init; }
        public long? ConfirmedAt { get; init; }
    }
}
