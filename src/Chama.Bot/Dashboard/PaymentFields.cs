using Chama.Conversations;
using Chama.Conversations.Commands.Recording;
using Chama.Core;
using Chama.Data.Recording;

namespace Chama.Bot.Dashboard;

/// <summary>
/// A payment as the dashboard's forms and uploaded files give it, field by field, read into the payment to record (in the
/// chama's currency) or the key of why not in <c>record_refused</c>. An empty reference, or <c>CASH</c>, is cash under the
/// reference <paramref name="cash"/>, made when the form was shown so that sending it twice records it once.
/// </summary>
public sealed record PaymentFields(string Seat, string Amount, string Reference, string Fund, string Note, string Currency, string Rate)
{
    public (PaymentToRecord? Payment, string? Refusal) Read(string chamaCurrency, Receipt cash)
    {
        if (!int.TryParse(Seat.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seat) || seat < 1)
        {
            return (null, "seat");
        }

        if (!Input.TryParseShillings(Amount, out var amount))
        {
            return (null, "amount");
        }

        var fund = Fund.Trim().ToUpperInvariant() switch
        {
            "" or "POT" => Core.Fund.Pot,
            "WELFARE" or "USTAWI" => Core.Fund.Welfare,
            _ => (Core.Fund?)null,
        };
        var reference = Reference.Trim();
        var receipt = reference.Length == 0 || reference.Equals("CASH", StringComparison.OrdinalIgnoreCase) ? cash : RecordedPayments.TryReceipt(reference);
        if (fund is null || receipt is null)
        {
            return (null, "usage");
        }

        var currency = Currency.Trim().ToUpperInvariant();
        ForeignPayment? foreign = null;
        if (currency.Length > 0 && currency != chamaCurrency)
        {
            if (!ForeignPayment.IsCurrencyCode(currency) || !ForeignPayment.TryParseRate(Rate, out var rate))
            {
                return (null, "rate");
            }

            foreign = new ForeignPayment(Money.Major(amount.Minor / Money.MinorPerMajor, currency), rate);
        }

        var payment = new PaymentToRecord(seat, Money.Major(amount.Minor / Money.MinorPerMajor, chamaCurrency), fund.Value, receipt, Note, foreign);
        try
        {
            return (payment.Checked(chamaCurrency), null);
        }
        catch (ChamaException refused)
        {
            return (null, RecordCommand.Reason(refused.Error));
        }
    }

    /// <summary>The sentence of <c>record_refused</c> for a refusal, in the officer's language.</summary>
    public static string Refusal(Conversations.Texts.MessageTexts texts, OfficerSeat seat, string reason, int seatNumber = 0, string reference = "") =>
        texts.Render(seat.Officer.Language, "record_refused", new { reason, seat = seatNumber, reference, currency = seat.Chama.Currency, max = PaymentToRecord.MaxNoteLength });
}
