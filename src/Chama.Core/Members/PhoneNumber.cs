using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Chama.Core;

/// <summary>
/// A mobile phone number of any country in E.164 form (<c>+254712000001</c>, <c>+447700900123</c>,
/// <c>+12145550123</c>). A number without its country code is read as Kenyan: <c>0712 000 001</c>, <c>0110…</c>,
/// <c>712…</c>, <c>254…</c>; with it, any country's: <c>+44 7700 900123</c>, <c>00256 772 123456</c>, and Twilio's
/// <c>whatsapp:+44…</c>.
/// </summary>
public sealed partial record PhoneNumber
{
    /// <summary>The E.164 prefix of Kenyan numbers.</summary>
    public const string KenyanPrefix = "+254";

    private const string DefaultRegion = "KE";
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    /// <summary>Digits without the plus, the form M-Pesa wants (<c>254712000001</c>).</summary>
    public string Digits => E164[1..];

    public string WhatsAppAddress => "whatsapp:" + E164;

    /// <summary>A Kenyan number (<c>+254…</c>): the only kind M-Pesa and the Kenyan USSD gateways serve.</summary>
    public bool IsKenyan => E164.StartsWith(KenyanPrefix, StringComparison.Ordinal);

    /// <summary>Safe for logs: <c>+2547******01</c>.</summary>
    public string Masked => E164.Length <= 7 ? "***" : E164[..5] + new string('*', E164.Length - 7) + E164[^2..];

    /// <summary>
    /// A number read back from storage, where only numbers that passed <see cref="Parse"/> are written: its E.164 shape
    /// is checked, not the numbering plan again (a full parse per row is the costliest part of loading a chama).
    /// </summary>
    public static PhoneNumber FromStored(string e164) => StoredShape().IsMatch(e164) ? new PhoneNumber(e164) : Parse(e164);

    public static PhoneNumber Parse(string? input) =>
        TryParse(input, out var phone, out var error) ? phone : throw new ChamaException(ChamaError.InvalidPhone, error);

    public static bool TryParse(string? input, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PhoneNumber? phone, out string error)
    {
        phone = null;
        var text = (input ?? "").Trim();
        if (text.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["whatsapp:".Length..];
        }

        text = Separators().Replace(text, "");
        if (text.Length == 0)
        {
            error = "A phone number is required.";
            return false;
        }

        // libphonenumber also accepts vanity letters (0800-FLOWERS); a member's phone never has them.
        if (!DigitsWithOptionalPlus().IsMatch(text))
        {
            error = $"'{input}' is not a phone number: use digits only, for example 0712 000 001.";
            return false;
        }

        // The international call prefix 00 is not understood by libphonenumber without a region that dials it.
        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        PhoneNumbers.PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(text, DefaultRegion);
        }
        catch (NumberParseException)
        {
            error = $"'{input}' is not a phone number we recognise, for example 0712 000 001.";
            return false;
        }

        if (!Util.IsValidNumber(parsed))
        {
            error = $"'{input}' is not a valid phone number, for example 0712 000 001.";
            return false;
        }

        var type = Util.GetNumberType(parsed);
        if (type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            error = $"'{input}' is not a mobile number: M-Pesa and WhatsApp need a mobile number.";
            return false;
        }

        phone = new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164));
        error = "";
        return true;
    }

    public override string ToString() => E164;

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^\+?[0-9]+$")]
    private static partial Regex DigitsWithOptionalPlus();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex StoredShape();
}
