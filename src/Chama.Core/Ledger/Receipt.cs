using System.Text.RegularExpressions;

namespace Chama.Core;

public enum ReceiptKind
{
    Mpesa,
    Cash,

    /// <summary>An STK push M-Pesa reported as paid to a status query, which gives no receipt number: its CheckoutRequestID stands in.</summary>
    StkCheckout,
}

/// <summary>
/// The reference a payment is recorded against: an M-Pesa receipt (10 uppercase letters and digits, <c>QKJ4HT8MZP</c>)
/// or, for cash handed to the treasurer, a reference with the <c>CASH-</c> prefix (<c>CASH-2026-014</c>), or, for a push
/// settled by a status query, <c>STK-</c> and the push's CheckoutRequestID.
/// </summary>
public sealed partial record Receipt
{
    public const string CashPrefix = "CASH-";
    public const string StkCheckoutPrefix = "STK-";

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

        throw new ChamaException(
            ChamaError.InvalidReceipt,
            $"'{input}' is not a receipt: an M-Pesa receipt is 10 capital letters and digits (QKJ4HT8MZP); cash uses {CashPrefix}<reference>.");
    }

    /// <summary>The reference for a push known to be paid whose receipt number never arrived.</summary>
    public static Receipt ForStkCheckout(string checkoutRequestId) => Parse(StkCheckoutPrefix + checkoutRequestId);

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Z0-9]{10}$")]
    private static partial Regex MpesaShape();

    [GeneratedRegex("^CASH-[A-Z0-9][A-Z0-9-]{0,23}$")]
    private static partial Regex CashShape();

    [GeneratedRegex("^STK-[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StkCheckoutShape();
}
