using System.Data.Common;
using System.Globalization;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Loans;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Chama.Data.Savings;
using Dapper;

namespace Chama.Data.Recording;

/// <summary>The messages a recorded payment sends: to its member, with the reference and how to dispute it.</summary>
public delegate IEnumerable<OutboundMessage> RecordedPaymentNotices(RecordedPaymentResult recorded, ChamaGroup chama);

/// <summary>A row of a batch that was refused, and why: nothing of the batch was written.</summary>
public sealed record RefusedRow(int Row, ChamaException Reason);

/// <summary>
/// Payments officers record by hand (cash, money sent to an officer's own M-Pesa number, bank transfers): each is a
/// contribution like any other, allocated to the member's round to pay and carried on as credit by the ledger's rules, or
/// paid into the welfare fund, plus who recorded it, how, with what note, and what was paid in another currency.
/// Idempotent on the reference, which is unique across every way money arrives (the UNIQUE receipt column).
/// </summary>
public sealed class RecordedPayments(IDatabase database, TimeProvider clock)
{
    /// <summary>Records one payment for the member on its seat; the member's message is queued in the same transaction.</summary>
    public Task<RecordedPaymentResult> RecordAsync(
        Member officer, PaymentToRecord payment, string channel, RecordedPaymentNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var chama = await OfficersChamaAsync(transaction, officer);
                return await RecordAsync(transaction, officer, chama, payment, channel, notices, now);
            },
            cancellationToken);
    }

    /// <summary>
    /// Records a batch (a meeting sheet, an uploaded file) in one transaction, all or nothing: the first refused row
    /// throws a <see cref="ChamaException"/> whose <see cref="ChamaException.Facts"/> is the <see cref="RefusedRow"/>.
    /// </summary>
    public Task<IReadOnlyList<RecordedPaymentResult>> RecordAllAsync(
        Member officer, IReadOnlyList<PaymentToRecord> payments, string channel, RecordedPaymentNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync<IReadOnlyList<RecordedPaymentResult>>(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var chama = await OfficersChamaAsync(transaction, officer);
                var results = new List<RecordedPaymentResult>();
                for (var row = 0; row < payments.Count; row++)
                {
                    try
                    {
                        results.Add(await RecordAsync(transaction, officer, chama, payments[row], channel, notices, now));
                    }
                    catch (ChamaException refused)
                    {
                        throw new ChamaException(refused.Error, $"Row {row + 1}: {refused.Message}") { Facts = new RefusedRow(row + 1, refused) };
                    }
                }

                return results;
            },
            cancellationToken);
    }

    /// <summary>What a batch would do, row by row, without writing anything (the preview of an upload).</summary>
    public Task<IReadOnlyList<PaymentPreview>> PreviewAsync(long chamaId, IReadOnlyList<PaymentToRecord> payments, CancellationToken cancellationToken = default)
    {
        var today = NairobiTime.Today(clock);
        return database.ReadAsync<IReadOnlyList<PaymentPreview>>(
            async (_, transaction) =>
            {
                var chama = await ChamaAsync(transaction, chamaId);
                var previews = new List<PaymentPreview>();
                var earlier = new Dictionary<string, (Member Member, PaymentToRecord Payment)>(StringComparer.Ordinal);
                foreach (var payment in payments)
                {
                    previews.Add(await PreviewAsync(transaction, chama, payment, earlier, today));
                }

                return previews;
            },
            cancellationToken);
    }

    /// <summary>A recorded payment of the chama by its reference, or null.</summary>
    public Task<RecordedPayment?> FindAsync(long chamaId, string reference, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (_, transaction) => TryReceipt(reference) is { } receipt && await RecordedPaymentRow.FindByReceiptAsync(transaction, receipt) is { } payment
                && payment.Contribution.ChamaId == chamaId ? payment : null,
            cancellationToken);

    /// <summary>The chama's latest recorded payments, newest first.</summary>
    public Task<IReadOnlyList<RecordedPayment>> ListAsync(long chamaId, int limit = 200, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => RecordedPaymentRow.ListAsync(transaction, chamaId, limit), cancellationToken);

    /// <summary>A reference as typed (<c>cash-260312-7kq4zb</c>, <c>bank ft2334</c>), or null when it cannot be one.</summary>
    public static Receipt? TryReceipt(string? reference)
    {
        var text = (reference ?? "").Trim().ToUpperInvariant();
        if (text.StartsWith("BANK ", StringComparison.Ordinal))
        {
            text = Receipt.BankPrefix + text[5..].Trim();
        }

        try
        {
            return Receipt.Parse(text);
        }
        catch (ChamaException)
        {
            return null;
        }
    }

    internal static async Task<RecordedPaymentResult> RecordAsync(
        DbTransaction transaction, Member officer, ChamaGroup chama, PaymentToRecord payment, string channel, RecordedPaymentNotices notices, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chama.Id);
        var connection = transaction.Connection!;
        payment = payment.Checked(chama.Currency);
        var member = await SeatAsync(transaction, chama.Id, payment.Seat);

        // Idempotency first: the same reference for the same member and amount answers as already recorded.
        if (await RecordedPaymentRow.FindByReceiptAsync(transaction, payment.Receipt) is { } existing)
        {
            return existing.IsSameAs(member, payment)
                ? new RecordedPaymentResult(
                    existing, AlreadyRecorded: true, existing.Contribution.RoundId is { } roundId ? await ContributionLedger.SummariseAsync(transaction, roundId) : null)
                : throw Conflict(payment.Receipt, $"already recorded for seat {existing.Member.Seat} as {existing.Amount}");
        }

        if (await connection.ExecuteScalarAsync<long>(
                "SELECT (SELECT COUNT(*) FROM contributions WHERE receipt = @Value) + (SELECT COUNT(*) FROM suspense_payments WHERE trans_id = @Value);",
                new { payment.Receipt.Value },
                transaction) > 0)
        {
            throw Conflict(payment.Receipt, "already used by a payment that reached the chama another way (M-Pesa, paybill or suspense)");
        }

        var actor = Actor.Member(officer.Id, channel);
        Contribution contribution;
        RoundSummary? summary = null;
        LoanRepayment? repayment = null;
        if (payment.Fund == Fund.Pot)
        {
            var round = await CycleStore.FindRoundToPayAsync(connection, transaction, chama.Id, member.Id, DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime))
                ?? throw new ChamaException(ChamaError.CycleNotActive, $"{chama.Name} has no running round to pay into.");
            contribution = (await ContributionLedger.RecordAsync(transaction, new ContributionRequest(round.Id, member.Id, payment.Amount, payment.Receipt.Value), actor, now)).Contribution;
            summary = await ContributionLedger.SummariseAsync(transaction, round.Id);
        }
        else if (payment.Fund == Fund.Savings)
        {
            contribution = await SavingsDeposits.RecordAsync(transaction, chama.Id, member.Id, payment.Amount, payment.Receipt, actor, now);
        }
        else if (payment.Fund == Fund.Loan)
        {
            var loan = await LoanRepayments.RepayingLoanOfAsync(transaction, member.Id)
                ?? throw new ChamaException(ChamaError.LoanNotOpen, $"{member.Name} has no loan being repaid.");
            repayment = await LoanRepayments.ApplyAsync(transaction, loan.Id, payment.Amount, payment.Receipt, actor, now);
            contribution = (await ContributionRow.FindByReceiptAsync(transaction, payment.Receipt))!;
        }
        else
        {
            contribution = await ContributionRow.InsertAsync(transaction, chama.Id, null, member.Id, Fund.Welfare, payment.Amount, payment.Receipt, now);
            await Audit.RecordAsync(transaction, chama.Id, actor, "welfare.contribution", $"receipt:{payment.Receipt} member:{member.Id} amount:{payment.Amount.Minor}", now);
        }

        var foreign = payment.Foreign;
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO recorded_payments (chama_id, contribution_id, method, recorded_by_member_id, channel, note, paid_minor, paid_currency, rate, recorded_at)
            VALUES (@ChamaId, @ContributionId, @Method, @OfficerId, @channel, @Note, @PaidMinor, @PaidCurrency, @Rate, @At) RETURNING id;
            """,
            new
            {
                ChamaId = chama.Id,
                ContributionId = contribution.Id,
                Method = payment.Method.ToString(),
                OfficerId = officer.Id,
                channel,
                payment.Note,
                PaidMinor = foreign?.Paid.Minor,
                PaidCurrency = foreign?.Paid.Currency,
                Rate = foreign?.Rate.ToString(CultureInfo.InvariantCulture),
                At = now.ToUnixTimeMilliseconds(),
            },
            transaction);
        await Audit.RecordAsync(
            transaction,
            chama.Id,
            actor,
            "payment.recorded",
            $"{payment.Method} {payment.Receipt} seat:{member.Seat} {payment.Fund} {payment.Amount}{(foreign is null ? "" : $" paid {foreign.Paid} at {foreign.Rate.ToString(CultureInfo.InvariantCulture)}")}".Trim(),
            now);
        var result = new RecordedPaymentResult((await RecordedPaymentRow.FindAsync(transaction, id))!, AlreadyRecorded: false, summary) { Repayment = repayment };
        foreach (var message in notices(result, chama))
        {
            await Outbox.Outbox.EnqueueAsync(transaction, message, now);
        }

        return result;
    }

    private static async Task<PaymentPreview> PreviewAsync(
        DbTransaction transaction, ChamaGroup chama, PaymentToRecord payment, Dictionary<string, (Member Member, PaymentToRecord Payment)> earlier, DateOnly today)
    {
        try
        {
            payment = payment.Checked(chama.Currency);
            var member = await SeatAsync(transaction, chama.Id, payment.Seat);
            var key = payment.Receipt.Value;
            if (earlier.TryGetValue(key, out var before))
            {
                return before.Member.Id == member.Id && before.Payment.Amount == payment.Amount && before.Payment.Fund == payment.Fund
                    ? new PaymentPreview(payment, member, PreviewEffect.AlreadyRecorded)
                    : new PaymentPreview(payment, member, PreviewEffect.Refused, Conflict(payment.Receipt, "used by an earlier row of this file"));
            }

            earlier[key] = (member, payment);
            if (await RecordedPaymentRow.FindByReceiptAsync(transaction, payment.Receipt) is { } existing)
            {
                return existing.IsSameAs(member, payment)
                    ? new PaymentPreview(payment, member, PreviewEffect.AlreadyRecorded)
                    : new PaymentPreview(payment, member, PreviewEffect.Refused, Conflict(payment.Receipt, $"already recorded for seat {existing.Member.Seat} as {existing.Amount}"));
            }

            if (await transaction.Connection!.ExecuteScalarAsync<long>(
                    "SELECT (SELECT COUNT(*) FROM contributions WHERE receipt = @Value) + (SELECT COUNT(*) FROM suspense_payments WHERE trans_id = @Value);", new { Value = key }, transaction) > 0)
            {
                return new PaymentPreview(payment, member, PreviewEffect.Refused, Conflict(payment.Receipt, "already used by a payment that reached the chama another way"));
            }

            if (payment.Fund is Fund.Welfare or Fund.Savings)
            {
                return new PaymentPreview(payment, member, PreviewEffect.Recorded);
            }

            if (payment.Fund == Fund.Loan)
            {
                return await LoanRepayments.RepayingLoanOfAsync(transaction, member.Id) is null
                    ? new PaymentPreview(payment, member, PreviewEffect.Refused, new ChamaException(ChamaError.LoanNotOpen, $"{member.Name} has no loan being repaid."))
                    : new PaymentPreview(payment, member, PreviewEffect.Recorded);
            }

            var round = await CycleStore.FindRoundToPayAsync(transaction.Connection!, transaction, chama.Id, member.Id, today);
            return round is null
                ? new PaymentPreview(payment, member, PreviewEffect.Refused, new ChamaException(ChamaError.CycleNotActive, $"{chama.Name} has no running round to pay into."))
                : new PaymentPreview(payment, member, PreviewEffect.Recorded, Round: round);
        }
        catch (ChamaException refused)
        {
            return new PaymentPreview(payment, null, PreviewEffect.Refused, refused);
        }
    }

    private static ChamaException Conflict(Receipt receipt, string why) =>
        new(ChamaError.ReceiptConflict, $"Reference {receipt} is {why}; this payment was refused.");

    /// <summary>The active member on <paramref name="seat"/> of the chama.</summary>
    private static async Task<Member> SeatAsync(DbTransaction transaction, long chamaId, int seat)
    {
        var member = (await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>(
                $"{MemberRow.Select} WHERE chama_id = @chamaId AND seat = @seat ORDER BY active DESC LIMIT 1;", new { chamaId, seat }, transaction))?.ToMember()
            ?? throw new ChamaException(ChamaError.UnknownMember, $"No member sits on seat {seat}.");
        return member.Active ? member : throw new ChamaException(ChamaError.MemberInactive, $"{member.Name} (seat {seat}) is no longer an active member.");
    }

    /// <summary>The chama of <paramref name="officer"/>, read afresh: a role removed a moment ago records nothing.</summary>
    private static async Task<ChamaGroup> OfficersChamaAsync(DbTransaction transaction, Member officer)
    {
        var current = (await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @Id;", new { officer.Id }, transaction))?.ToMember();
        if (current is not { IsOfficer: true, Active: true })
        {
            throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers record payments.");
        }

        return await ChamaAsync(transaction, current.ChamaId);
    }

    private static async Task<ChamaGroup> ChamaAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama()
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
}

/// <summary>What a row of a batch would do.</summary>
public enum PreviewEffect
{
    Recorded,
    AlreadyRecorded,
    Refused,
}

/// <summary>One row of a batch before anything is written: the member it credits, the round it goes to, or why it is refused.</summary>
public sealed record PaymentPreview(PaymentToRecord Payment, Member? Member, PreviewEffect Effect, ChamaException? Refusal = null, Round? Round = null);
