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

        var fund = Fund.Trim().Length == 0 ? Core.Fund.Pot : FundWords.Read(Fund);
        var reference = Reference.Trim();
        var receipt = reference.Length == 0 || reference.Equals("CASH", StringComparison.OrdinalIgnoreCase) ? cash : RecordedPayments.TryReceipt(reference);
        if (fund is null || receipt is null)
        {
            return (null, "usage");
        }

        // The amount is read in the currency it was paid in, with that currency's minor units.
        var currency = Currency.Trim().ToUpperInvariant();
        var rate = 0m;
        var foreignPaid = currency.Length > 0 && currency != chamaCurrency;
        if (foreignPaid && (!Currencies.IsKnown(currency) || !ForeignPayment.TryParseRate(Rate, out rate)))
        {
            return (null, "rate");
        }

        if (!Money.TryParse(Amount, foreignPaid ? currency : chamaCurrency, out var amount) || !amount.IsPositive)
        {
            return (null, "amount");
        }

        var foreign = foreignPaid ? new ForeignPayment(amount, rate) : null;
        var payment = new PaymentToRecord(seat, foreign?.CreditIn(chamaCurrency) ?? amount, fund.Value, receipt, Note, foreign);
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
