using System.Globalization;
using Chama.Core;
using Chama.Data.Recording;

namespace Chama.Conversations.Commands.Recording;

/// <summary>
/// A payment as an officer writes it after <c>RECORD</c>: <c>&lt;seat&gt; &lt;amount&gt; [&lt;currency&gt; @&lt;rate&gt;]
/// [&lt;fund&gt;] &lt;reference&gt; [note]</c>, where the fund is named by a <see cref="FundWords"/> word (<c>WELFARE</c>,
/// <c>SAVINGS</c>, <c>LOAN</c> or their Swahili words; none: the pot) and the reference is <c>CASH</c> (a new <c>CASH-…</c> reference is
/// made), a <c>CASH-…</c> reference given before, <c>BANK &lt;bank reference&gt;</c> or an M-Pesa receipt. The amount is in
/// the chama's currency, or in the currency named after it, converted at the typed rate.
/// </summary>
public sealed record PaymentLine(int Seat, string Amount, string? Currency, decimal? Rate, Fund Fund, string? Reference, string? Note)
{
    /// <summary>Reads the words after the command's word; null when they do not make a payment.</summary>
    public static PaymentLine? TryRead(IReadOnlyList<string> words)
    {
        if (words.Count < 3
            || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seat)
            || !char.IsAsciiDigit(words[1][0]))
        {
            return null;
        }

        var at = 2;
        string? currency = null;
        decimal? rate = null;
        if (at + 1 < words.Count && ForeignPayment.IsCurrencyCode(words[at]) && words[at + 1].StartsWith('@'))
        {
            if (!ForeignPayment.TryParseRate(words[at + 1], out var typed))
            {
                return null;
            }

            (currency, rate, at) = (words[at].ToUpperInvariant(), typed, at + 2);
        }

        var fund = Fund.Pot;
        if (at < words.Count && FundWords.Read(words[at]) is { } named)
        {
            (fund, at) = (named, at + 1);
        }

        if (at >= words.Count)
        {
            return null;
        }

        string? reference;
        var word = words[at].ToUpperInvariant();
        if (word == "CASH")
        {
            (reference, at) = (null, at + 1);
        }
        else if (word == "BANK" && at + 1 < words.Count)
        {
            (reference, at) = (Receipt.BankPrefix + words[at + 1].ToUpperInvariant(), at + 2);
        }
        else
        {
            (reference, at) = (word, at + 1);
        }

        var note = string.Join(' ', words.Skip(at)).Trim();
        return new PaymentLine(seat, words[1], currency, rate, fund, reference, note.Length == 0 ? null : note);
    }

    /// <summary>
    /// The payment to record in <paramref name="chamaCurrency"/>, with a new cash reference when none was given; the amount
    /// read in the currency it was paid in, with that currency's minor units. Throws a <see cref="ChamaException"/> for an
    /// amount or a reference that cannot be one.
    /// </summary>
    public PaymentToRecord ToPayment(string chamaCurrency, DateOnly today)
    {
        var receipt = Reference is null ? Receipt.NewCash(today) : RecordedPayments.TryReceipt(Reference)
            ?? throw new ChamaException(ChamaError.InvalidReceipt, $"'{Reference}' is not CASH, BANK <reference> or an M-Pesa receipt.");
        var paidIn = Currency is { } code && Rate is not null && code != chamaCurrency ? Currencies.Parse(code) : chamaCurrency;
        if (!Money.TryParse(Amount, paidIn, out var paid) || !paid.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"'{Amount}' is not an amount in {paidIn}.");
        }

        var foreign = paidIn != chamaCurrency ? new ForeignPayment(paid, Rate!.Value) : null;
        return new PaymentToRecord(Seat, foreign?.CreditIn(chamaCurrency) ?? paid, Fund, receipt, Note, foreign);
    }
}
