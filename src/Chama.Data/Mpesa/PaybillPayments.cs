using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Loans;
using Chama.Data.Savings;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>A confirmed paybill payment (C2B). The payer's number may be masked; the account reference names the member.</summary>
public sealed record PaybillPayment(string TransId, Money Amount, string BillRef, string MaskedPhone);

/// <summary>
/// Credits paybill payments to the member their account reference names (<c>UMOJA-4</c>), in that member's current
/// round, into their savings (<c>UMOJA-4-S</c>) or to their loan (<c>UMOJA-4-L</c>, or the loan's own code <c>L5</c>); anything else is held in suspense, and so is a payment for a chama M-Pesa does not serve (another currency). Idempotent on the M-Pesa transaction id, in the ledger and in suspense.
/// </summary>
public sealed class PaybillPayments(IDatabase database, TimeProvider clock)
{
    public Task<SettledPayment> ConfirmAsync(PaybillPayment payment, string body, PaymentNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                var settled = await ConfirmAsync(transaction, payment, now);
                await CallbackLog.AppendAsync(transaction, "c2b/confirmation", body, StkSettlements.Describe(settled), now);
                foreach (var message in notices(settled))
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                }

                return settled;
            },
            cancellationToken);
    }

    private static async Task<SettledPayment> ConfirmAsync(DbTransaction transaction, PaybillPayment payment, DateTimeOffset now)
    {
        var receipt = Receipt.Parse(payment.TransId).Value;
        var connection = transaction.Connection!;
        await EnterPayeeChamaAsync(transaction, payment.BillRef);
        if (await connection.ExecuteScalarAsync<long>(
                "SELECT (SELECT COUNT(*) FROM contributions WHERE receipt = @receipt) + (SELECT COUNT(*) FROM suspense_payments WHERE trans_id = @receipt);",
                new { receipt },
                transaction) > 0)
        {
            return SettledPayment.Nothing(PaymentOutcome.AlreadySettled, "0");
        }

        var target = AccountReference.Read(payment.BillRef);
        if (target.LoanId is { } loanId && await LoanBook.LoadAsync(transaction, loanId) is { } named)
        {
            return await RepayAsync(transaction, payment, named, receipt, now);
        }

        var member = await FindMemberAsync(transaction, target.Members);
        if (target.Fund == Fund.Savings)
        {
            return member is null ? await HoldAsync(transaction, payment, null, receipt, now) : await SaveAsync(transaction, payment, member, receipt, now);
        }

        if (target.Fund == Fund.Loan)
        {
            var loan = member is null ? null : await LoanRepayments.RepayingLoanOfAsync(transaction, member.Id);
            return loan is null ? await HoldAsync(transaction, payment, member, receipt, now) : await RepayAsync(transaction, payment, loan, receipt, now);
        }

        var round = member is null ? null : await CycleStore.FindRoundToPayAsync(connection, transaction, member.ChamaId, member.Id, DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime));
        // Shillings paid to the paybill for a chama in another currency cannot be credited as they are: an officer decides.
        if (member is null || round is null || round.ExpectedPot.Currency != payment.Amount.Currency)
        {
            return await HoldAsync(transaction, payment, member, receipt, now);
        }

        var parties = await PaymentParties.LoadAsync(transaction, member.ChamaId, member.Id);
        var context = await RoundContext.LoadAsync(transaction, round.Id);
        await ContributionLedger.RecordAsync(transaction, new ContributionRequest(round.Id, member.Id, payment.Amount, receipt), Actor.System("mpesa-paybill"), now, known: context);
        var summary = await ContributionLedger.SummariseAsync(transaction, context);
        return parties.Settled(PaymentOutcome.Recorded, "0", payment.Amount, receipt, summary, summary.IsDisbursable, null);
    }

    /// <summary>Into the member's savings (<c>UMOJA-4-S</c>), when their chama keeps the currency paid.</summary>
    private static async Task<SettledPayment> SaveAsync(DbTransaction transaction, PaybillPayment payment, Member member, string receipt, DateTimeOffset now)
    {
        var parties = await PaymentParties.LoadAsync(transaction, member.ChamaId, member.Id);
        if (parties.Chama.Currency != payment.Amount.Currency)
        {
            return await HoldAsync(transaction, payment, member, receipt, now);
        }

        await SavingsDeposits.RecordAsync(transaction, member.ChamaId, member.Id, payment.Amount, Receipt.Parse(receipt), Actor.System("mpesa-paybill"), now);
        return parties.Settled(PaymentOutcome.Recorded, "0", payment.Amount, receipt, null, false, null) with
        {
            Purpose = PaymentPurpose.Savings,
            SavingsAfter = await SavingsBook.MemberSavingsAsync(transaction, member.Id, payment.Amount.Currency),
        };
    }

    /// <summary>
    /// A repayment of the loan the reference names (<c>UMOJA-4-L</c>: the member's loan being repaid; <c>L5</c>: loan 5, by
    /// whoever pays it), credited to its borrower. A loan not being repaid, or in another currency, is for an officer.
    /// </summary>
    private static async Task<SettledPayment> RepayAsync(DbTransaction transaction, PaybillPayment payment, LoanFacts loan, string receipt, DateTimeOffset now)
    {
        var parties = await PaymentParties.LoadAsync(transaction, loan.ChamaId, loan.MemberId);
        if (!loan.IsRepaying || loan.Principal.Currency != payment.Amount.Currency)
        {
            return await HoldAsync(transaction, payment, parties.Member, receipt, now);
        }

        var repayment = await LoanRepayments.ApplyAsync(transaction, loan.Id, payment.Amount, Receipt.Parse(receipt), Actor.System("mpesa-paybill"), now);
        return parties.Settled(PaymentOutcome.Recorded, "0", payment.Amount, receipt, null, false, null) with { Purpose = PaymentPurpose.Loan, Repayment = repayment };
    }

    /// <summary>Money no member, round or loan can take as it is: held in suspense, and the officers of the chama it seems meant for told.</summary>
    private static async Task<SettledPayment> HoldAsync(DbTransaction transaction, PaybillPayment payment, Member? member, string receipt, DateTimeOffset now)
    {
        var owner = member?.ChamaId ?? await OwnerOfAsync(transaction, payment.BillRef);
        var held = await Suspense.HoldAsync(transaction, owner, receipt, payment.BillRef, payment.Amount, payment.MaskedPhone, now);
        (ChamaGroup Chama, IReadOnlyList<Member> Officers)? officers = owner is { } chamaId ? await PaymentParties.LoadOfficersAsync(transaction, chamaId) : null;
        return SettledPayment.Nothing(PaymentOutcome.Suspense, "0") with
        {
            Amount = payment.Amount,
            Receipt = receipt,
            Chama = officers?.Chama,
            Officers = officers?.Officers ?? [],
            SuspenseId = held,
            BillRef = payment.BillRef,
        };
    }

    /// <summary>
    /// Enters the chama the payment goes to, before its receipt is checked: the chama of the loan the reference names, else
    /// of the member it names, else the chama it seems meant for. A payment meant for no chama enters none: it can only
    /// be held, once, by its transaction id.
    /// </summary>
    private static async Task EnterPayeeChamaAsync(DbTransaction transaction, string billRef)
    {
        var target = AccountReference.Read(billRef);
        if (target.LoanId is { } loanId && await OwningChama.EnterLoanAsync(transaction, loanId) is not null)
        {
            return;
        }

        if (((await FindMemberAsync(transaction, target.Members))?.ChamaId ?? await OwnerOfAsync(transaction, billRef)) is { } chamaId)
        {
            await WriteScope.EnterChamaAsync(transaction, chamaId);
        }
    }

    /// <summary>The chama a reference names by its code (the seat being wrong), or the deployment's only chama.</summary>
    private static async Task<long?> OwnerOfAsync(DbTransaction transaction, string billRef)
    {
        var connection = transaction.Connection!;
        foreach (var (code, _) in AccountReference.Read(billRef).Members)
        {
            if (await connection.QuerySingleOrDefaultAsync<long?>("SELECT id FROM chamas WHERE code = @code;", new { code }, transaction) is { } id)
            {
                return id;
            }
        }

        var chamas = (await connection.QueryAsync<long>("SELECT id FROM chamas LIMIT 2;", transaction: transaction)).ToList();
        return chamas.Count == 1 ? chamas[0] : null;
    }

    private static async Task<Member?> FindMemberAsync(DbTransaction transaction, IReadOnlyList<(string Code, int Seat)> candidates)
    {
        foreach (var (code, seat) in candidates)
        {
            var row = await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>(
                $"{MemberRow.Select} WHERE active = 1 AND seat = @seat AND chama_id = (SELECT id FROM chamas WHERE code = @code);", new { code, seat }, transaction);
            if (row is not null)
            {
                return row.ToMember();
            }
        }

        return null;
    }
}
