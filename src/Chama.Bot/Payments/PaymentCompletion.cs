using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Data.Payments;

namespace Chama.Bot.Payments;

/// <summary>
/// A payment M-Pesa has confirmed: the contribution is recorded against its receipt and the member's receipt message is
/// queued. Safe to run again for the same receipt: the ledger and the outbox are both idempotent on it.
/// </summary>
public sealed class PaymentCompletion(PaymentRequestStore payments, ContributionLedger ledger, ChamaStore chamas, Outbox outbox, MessageTexts texts)
{
    public async Task<RecordedContribution> CompleteAsync(long paymentRequestId, string receipt, Money amount, CancellationToken cancellationToken = default)
    {
        var request = await payments.FindAsync(paymentRequestId, cancellationToken)
            ?? throw new ChamaException(ChamaError.UnknownRound, $"There is no payment request {paymentRequestId}.");
        var recorded = await ledger.RecordAsync(new ContributionRequest(request.RoundId, request.MemberId, amount, receipt), Actor.System("mpesa"), cancellationToken);
        await payments.MarkCompletedAsync(request.Id, receipt, cancellationToken);

        var member = (await chamas.FindMemberAsync(request.MemberId, cancellationToken))!;
        var chama = (await chamas.FindChamaAsync(request.ChamaId, cancellationToken))!;
        var summary = await ledger.GetRoundSummaryAsync(request.RoundId, cancellationToken);
        var remainder = summary.For(member.Id)?.Remainder ?? Money.Zero(amount.Currency);
        var body = texts.Render(member.Language, "receipt", new
        {
            amount = amount.ToString(),
            name = member.Name,
            receipt,
            chama = chama.Name,
            round = summary.Round.Number,
            remainder = remainder.IsPositive ? remainder.ToString() : "",
        });
        await outbox.EnqueueAsync(new OutboundMessage($"receipt:{receipt}", chama.Id, member.Id, member.Phone, body), cancellationToken);
        return recorded;
    }
}
