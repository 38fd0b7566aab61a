using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Chama.Core;

public enum ReceiptKind
{
    Mpesa,
    Cash,

    /// <summary>An STK push M-Pesa reported as paid to a status query, which gives no receipt number: its CheckoutRequestID stands in.</summary>
    StkCheckout,

    /// <summary>A bank transfer an officer recorded, under the bank's own reference.</summary>
    Bank,
}

/// <summary>
/// The reference a payment is recorded against: an M-Pesa receipt (10 uppercase letters and digits, <c>QKJ4HT8MZP</c>)
/// or, for cash handed to the treasurer, a reference with the <c>CASH-</c> prefix (<c>CASH-2026-014</c>), or, for a push
/// settled by a status query, <c>STK-</c> and the push's CheckoutRequestID, or, for a bank transfer an officer recorded,
/// <c>BANK-</c> and the bank's reference (<c>BANK-FT2334</c>).
/// </summary>
public sealed partial record Receipt
{
    public const string CashPrefix = "CASH-";
    public const string StkCheckoutPrefix = "STK-";
    public const string BankPrefix = "BANK-";

    private Receipt(string value, ReceiptKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }

    public ReceiptKind Kind { get; }

    public static Receipt Parse(string? input)
    {
        var value = (input ?? "").Trim();
        if (MpesaShape().IsMatch(value))
        {
            return new Receipt(value, ReceiptKind.Mpesa);
        }

        if (value.StartsWith(CashPrefix, StringComparison.Ordinal) && CashShape().IsMatch(value))
        {
            return new Receipt(value, ReceiptKind.Cash);
        }

        if (value.StartsWith(StkCheckoutPrefix, StringComparison.Ordinal) && StkCheckoutShape().IsMatch(value))
        {
            return new Receipt(value, ReceiptKind.StkCheckout);
        }

        if (value.StartsWith(BankPrefix, StringComparison.Ordinal) && BankShape().IsMatch(value))
        {
            return new Receipt(value, ReceiptKind.Bank);
        }

        throw new ChamaException(
            ChamaError.InvalidReceipt,
            $"'{input}' is not a receipt: an M-Pesa receipt is 10 capital letters and digits (QKJ4HT8MZP); cash uses {CashPrefix}<reference>, a bank transfer {BankPrefix}<reference>.");
    }

    /// <summary>The reference of a bank transfer as the bank printed it (<c>ft2334</c> reads <c>BANK-FT2334</c>).</summary>
    public static Receipt ForBank(string bankReference) => Parse(BankPrefix + (bankReference ?? "").Trim().ToUpperInvariant());

    /// <summary>
    /// A new reference for cash handed to an officer: the day and six random capitals and digits
    /// (<c>CASH-260312-7KQ4ZB</c>), shown to the officer and the member. Random rather than counted, so two officers
    /// recording at once never reach for the same one; the unique receipt column refuses the rare repeat.
    /// </summary>
    public static Receipt NewCash(DateOnly day) =>
        Parse($"{CashPrefix}{day.ToString("yyMMdd", CultureInfo.InvariantCulture)}-{RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)}");

    /// <summary>The reference for a push known to be paid whose receipt number never arrived.</summary>
    public static Receipt ForStkCheckout(string checkoutRequestId) => Parse(StkCheckoutPrefix + checkoutRequestId);

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Z0-9]{10}$")]
    private static partial Regex MpesaShape();

    [GeneratedRegex("^CASH-[A-Z0-9][A-Z0-9-]{0,23}$")]
    private static partial Regex CashShape();

    [GeneratedRegex("^BANK-[A-Z0-9][A-Z0-9/-]{0,31}$")]
    private static partial Regex BankShape();

    [GeneratedRegex("^STK-[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StkCheckoutShape();
}
