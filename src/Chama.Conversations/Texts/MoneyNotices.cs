using System.Globalization;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;

namespace Chama.Conversations.Texts;

/// <summary>
/// The messages money movements send, in each reader's language: the member's receipt (for a contribution, for fines,
/// into the welfare fund, into savings or for a loan) or the reason a push failed, the
/// officers' pot-ready notice, and a payout's outcome to the recipient and the officers. Each has an idempotency key,
/// so a replayed callback queues nothing new.
/// </summary>
public sealed class MoneyNotices(MessageTexts texts)
{
    public IEnumerable<OutboundMessage> ForPayment(SettledPayment payment) =>
        payment is { Outcome: PaymentOutcome.Suspense, SuspenseId: { } held } ? ForHeldPayment(payment, held) : ForMemberPayment(payment);

    /// <summary>Money that names no member: the officers of the chama it seems meant for are asked to place it.</summary>
    private IEnumerable<OutboundMessage> ForHeldPayment(SettledPayment payment, long held)
    {
        if (payment is not { Chama: { } chama, Amount: { } amount })
        {
            yield break;
        }

        foreach (var officer in payment.Officers)
        {
            yield return new OutboundMessage($"suspense:{held}:{officer.Id}", chama.Id, officer.Id, officer.Phone, texts.Render(officer.Language, "suspense_held", new
            {
                chama = chama.Name,
                amount = amount.ToString(),
                receipt = payment.Receipt,
                reference = payment.BillRef,
                id = held,
            }));
        }
    }

    private IEnumerable<OutboundMessage> ForMemberPayment(SettledPayment payment)
    {
        if (payment is not { Chama: { } chama, Member: { } member, Amount: { } amount })
        {
            yield break;
        }

        switch (payment.Outcome)
        {
            case PaymentOutcome.Recorded when payment.Purpose == PaymentPurpose.Welfare:
                yield return new OutboundMessage($"receipt:{payment.Receipt}", chama.Id, member.Id, member.Phone, texts.Render(member.Language, "welfare_receipt", new
                {
                    amount = amount.ToString(),
                    name = member.Name,
                    receipt = payment.Receipt,
                    chama = chama.Name,
                }));
                break;
            case PaymentOutcome.Recorded when payment is { Purpose: PaymentPurpose.Savings, SavingsAfter: { } savings }:
                yield return new OutboundMessage($"receipt:{payment.Receipt}", chama.Id, member.Id, member.Phone, texts.Render(member.Language, "savings_receipt", new
                {
                    amount = amount.ToString(),
                    name = member.Name,
                    receipt = payment.Receipt,
                    chama = chama.Name,
                    savings = savings.ToString(),
                }));
                break;
            case PaymentOutcome.Recorded when payment.Repayment is { } repayment:
                yield return new OutboundMessage($"receipt:{payment.Receipt}", chama.Id, member.Id, member.Phone, texts.Render(member.Language, "loan_receipt", new
                {
                    amount = amount.ToString(),
                    name = member.Name,
                    receipt = payment.Receipt,
                    chama = chama.Name,
                    loan = repayment.LoanCode,
                    penalty = repayment.Split.Penalty.IsPositive ? repayment.Split.Penalty.ToString() : "",
                    interest = repayment.Split.Interest.ToString(),
                    principal = repayment.Split.Principal.ToString(),
                    savings = repayment.Split.Excess.IsPositive ? repayment.Split.Excess.ToString() : "",
                    cleared = repayment.Outstanding.IsZero,
                    owed = repayment.Outstanding.ToString(),
                    next = repayment.Next is null ? "" : repayment.NextAmount.ToString(),
                    next_date = repayment.Next?.Due.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "",
                }));
                break;
            case PaymentOutcome.Recorded when payment.Fines is { } fines:
                yield return new OutboundMessage($"receipt:{payment.Receipt}", chama.Id, member.Id, member.Phone, texts.Render(member.Language, "fine_receipt", new
                {
                    amount = amount.ToString(),
                    name = member.Name,
                    receipt = payment.Receipt,
                    chama = chama.Name,
                    fines = string.Join(", ", fines.Paid.Select(f => f.Id)),
                    extra = fines.ToWelfare.IsPositive ? fines.ToWelfare.ToString() : "",
                    owed = fines.StillOwed.IsPositive ? fines.StillOwed.ToString() : "",
                }));
                break;
            case PaymentOutcome.Recorded:
                var remainder = payment.Summary?.For(member.Id)?.Remainder ?? Money.Zero(amount.Currency);
                yield return new OutboundMessage($"receipt:{payment.Receipt}", chama.Id, member.Id, member.Phone, texts.Render(member.Language, "receipt", new
                {
                    amount = amount.ToString(),
                    name = member.Name,
                    receipt = payment.Receipt,
                    chama = chama.Name,
                    round = payment.Summary!.Round.Number,
                    remainder = remainder.IsPositive ? remainder.ToString() : "",
                }));
                break;
            case PaymentOutcome.Failed:
                yield return new OutboundMessage(
                    $"payment-failed:{payment.PaymentRequestId}", chama.Id, member.Id, member.Phone,
                    texts.Render(member.Language, "payment_failed", new { code = payment.ResultCode, amount = amount.ToString() }));
                break;
        }

        if (payment is { PotReady: true, Summary: { } summary })
        {
            foreach (var officer in payment.Officers)
            {
                yield return new OutboundMessage($"pot-ready:{summary.Round.Id}:{officer.Id}", chama.Id, officer.Id, officer.Phone, texts.Render(officer.Language, "pot_ready", new
                {
                    chama = chama.Name,
                    round = summary.Round.Number,
                    amount = summary.Collected.ToString(),
                    recipient = summary.Recipient.Name,
                    left = !summary.Recipient.Active,
                    code = ApprovalSubject.CodeFor(ApprovalKind.Pot, summary.Round.Id),
                    required = chama.Constitution.ApprovalsRequired,
                }));
            }
        }
    }

    public IEnumerable<OutboundMessage> ForPayout(Disbursement payout, PaymentParties parties, string detail) => PayoutMessages(payout, parties, detail, paidBy: "mpesa", paidByOfficer: "");

    /// <summary>The same messages for a payout an officer paid from the bank or the cash: the recipient is asked to confirm receiving it.</summary>
    public PayoutNotices ForPaidByHand(AccountKind account, Member officer) =>
        (payout, parties, detail) => PayoutMessages(payout, parties, detail, paidBy: account.ToString().ToLowerInvariant(), paidByOfficer: officer.Name);

    private IEnumerable<OutboundMessage> PayoutMessages(Disbursement payout, PaymentParties parties, string detail, string paidBy, string paidByOfficer)
    {
        var (chama, recipient) = (parties.Chama, parties.Member);
        if (payout.Status == DisbursementStatus.Completed)
        {
            yield return new OutboundMessage($"payout-received:{payout.Id}", chama.Id, recipient.Id, recipient.Phone, texts.Render(recipient.Language, "payout_received", new
            {
                chama = chama.Name,
                amount = payout.Amount.ToString(),
                kind = Kind(payout, recipient),
                phone = payout.ReceivePhone.E164,
                transaction = payout.TransactionId ?? payout.OriginatorConversationId,
                code = payout.Code,
                paid_by = paidBy,
                officer = paidByOfficer,
            }));
        }

        if (payout.Status == DisbursementStatus.Completed && parties.LoanSchedule is { } schedule)
        {
            // A loan's borrower is also sent the schedule that starts today, with how to repay it.
            yield return new OutboundMessage($"loan-schedule:{payout.SubjectId}", chama.Id, recipient.Id, recipient.Phone, texts.Render(recipient.Language, "loan_paid_out", new
            {
                chama = chama.Name,
                code = payout.Code,
                amount = payout.Amount.ToString(),
                account = $"{chama.Code}-{recipient.Seat}-L",
                schedule = LoanTexts.Schedule(texts, recipient.Language, schedule, asIfToday: false),
            }));
        }

        foreach (var officer in parties.Officers)
        {
            yield return payout.Status == DisbursementStatus.Completed
                ? new OutboundMessage($"payout-completed:{payout.Id}:{officer.Id}", chama.Id, officer.Id, officer.Phone, texts.Render(officer.Language, "payout_completed", new
                {
                    code = payout.Code,
                    amount = payout.Amount.ToString(),
                    kind = Kind(payout, recipient),
                    recipient = recipient.Name,
                    transaction = payout.TransactionId ?? payout.OriginatorConversationId,
                    paid_by = paidBy,
                    officer = paidByOfficer,
                }))
                : new OutboundMessage($"payout-failed:{payout.Id}:{officer.Id}", chama.Id, officer.Id, officer.Phone, texts.Render(officer.Language, "payout_failed", new
                {
                    code = payout.Code,
                    amount = payout.Amount.ToString(),
                    recipient = recipient.Name,
                    reason = detail,
                }));
        }
    }

    /// <summary>
    /// The officers' notice that a payout sent at <paramref name="sentAt"/> is still without a definite result: they
    /// check the M-Pesa statement. Keyed per payout and officer, so it is queued once.
    /// </summary>
    public PayoutNotices ForUnconfirmedPayout(DateTimeOffset sentAt) => (payout, parties, _) => parties.Officers.Select(officer => new OutboundMessage(
        $"payout-unconfirmed:{payout.Id}:{officer.Id}", parties.Chama.Id, officer.Id, officer.Phone, texts.Render(officer.Language, "payout_unconfirmed", new
        {
            code = payout.Code,
            amount = payout.Amount.ToString(),
            recipient = parties.Member.Name,
            phone = payout.ReceivePhone.E164,
            sent = SentAt(sentAt),
        })));

    /// <summary>When a payout was sent, in Nairobi time, as the M-Pesa statement lists it.</summary>
    public static string SentAt(DateTimeOffset sentAt) =>
        sentAt.ToOffset(NairobiTime.Offset).ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A round's pot paid to a member who has left is their exit refund (Rule 8), not the pot of their turn.</summary>
    private static string Kind(Disbursement payout, Member recipient) => payout.Kind switch
    {
        ApprovalKind.Pot when !recipient.Active => "exit_refund",
        ApprovalKind.Pot => "pot",
        ApprovalKind.Loan => "loan",
        ApprovalKind.ShareOut => "share_out",
        _ => "welfare",
    };
}
