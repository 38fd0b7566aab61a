using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Recording;

namespace Chama.Conversations.Commands.Recording;

/// <summary>
/// What recorded payments say, on every channel alike (chat, USSD, dashboard): the member told at once with the reference
/// and how to dispute it, the officer's confirmation, the officers told of a dispute, and the member told of a reversal.
/// </summary>
public static class RecordingNotices
{
    /// <summary>The member's message about a payment just recorded; nothing for one recorded already.</summary>
    public static RecordedPaymentNotices ForMember(MessageTexts texts, Member officer) =>
        (recorded, chama) => recorded.AlreadyRecorded
            ? []
            :
            [
                new OutboundMessage(
                    $"payment-recorded:{recorded.Payment.Id}",
                    chama.Id,
                    recorded.Payment.Member.Id,
                    recorded.Payment.Member.Phone,
                    texts.Render(recorded.Payment.Member.Language, "payment_recorded", Model(recorded, chama.Name, officer.Name, officerCopy: false))),
            ];

    /// <summary>The recording officer's confirmation: what was credited, where, and the reference to give the member.</summary>
    public static string Confirmation(MessageTexts texts, Language language, RecordedPaymentResult recorded, string chama, string officer, bool ussd = false) =>
        texts.Render(language, "payment_recorded", Model(recorded, chama, officer, officerCopy: true), ussd);

    /// <summary>Every officer is told of a dispute, in their own language.</summary>
    public static IEnumerable<OutboundMessage> Disputed(MessageTexts texts, string chama, RecordedPayment payment, IReadOnlyList<Member> officers, IReadOnlyDictionary<long, string> names) =>
        officers.Select(officer => new OutboundMessage(
            $"payment-disputed:{payment.Id}:{officer.Id}",
            officer.ChamaId,
            officer.Id,
            officer.Phone,
            texts.Render(officer.Language, "payment_disputed", DisputeModel("disputed", chama, payment, names, officerCopy: true))));

    public static object DisputeModel(string outcome, string chama, RecordedPayment? payment, IReadOnlyDictionary<long, string> names, bool officerCopy, string reference = "") => new
    {
        outcome,
        officer_copy = officerCopy,
        chama,
        name = payment?.Member.Name ?? "",
        seat = payment?.Member.Seat ?? 0,
        amount = payment?.Amount.ToString() ?? "",
        reference = payment?.Receipt.Value ?? reference,
        recorder = payment is null ? "" : names.GetValueOrDefault(payment.RecordedByMemberId, "?"),
    };

    /// <summary>The member whose payment was reversed, and the officers, are told.</summary>
    public static CorrectionNotices Reversed(MessageTexts texts, string chama) =>
        (correction, officers) =>
        {
            var member = correction.Payment.Member;
            return officers.Where(o => o.Id != member.Id).Append(member).Select(to => new OutboundMessage(
                $"payment-reversed:{correction.Id}:{to.Id}",
                to.ChamaId,
                to.Id,
                to.Phone,
                texts.Render(to.Language, "payment_reversed", new
                {
                    chama,
                    amount = correction.Payment.Amount.ToString(),
                    name = member.Name,
                    reference = correction.Payment.Receipt.Value,
                    code = correction.Code,
                    reason = correction.Reason,
                    welfare = correction.Payment.Contribution.Fund == Fund.Welfare,
                })));
        };

    private static object Model(RecordedPaymentResult recorded, string chama, string officer, bool officerCopy)
    {
        var payment = recorded.Payment;
        return new
        {
            officer_copy = officerCopy,
            already = recorded.AlreadyRecorded,
            chama,
            officer,
            name = payment.Member.Name,
            seat = payment.Member.Seat,
            amount = payment.Amount.ToString(),
            paid = payment.Foreign?.Paid.ToString() ?? "",
            rate = payment.Foreign?.Rate.ToString(CultureInfo.InvariantCulture) ?? "",
            fund = payment.Contribution.Fund.ToString().ToLowerInvariant(),
            loan = recorded.Repayment?.LoanCode ?? "",
            round = recorded.Round?.Round.Number ?? 0,
            reference = payment.Receipt.Value,
            note = payment.Note ?? "",
        };
    }
}
