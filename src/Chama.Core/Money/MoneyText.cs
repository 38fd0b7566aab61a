using System.Globalization;
using System.Text.RegularExpressions;

namespace Chama.Core;

/// <summary>
/// Money as people write and read it. One rule for every text, chat and dashboard alike:
/// <list type="bullet">
/// <item>the code, a space, the amount with thousands separated by commas: <c>USD 1,250.00</c>, <c>UGX 50,000</c>;</item>
/// <item>a currency without minor units shows none (<c>UGX 50,000</c>, <c>JPY 3,000</c>);</item>
/// <item>KES shows whole shillings without cents and cents only when there are some (<c>KES 10,000</c>,
/// <c>KES 10,000.50</c>), as Kenyan chamas write it;</item>
/// <item>every other currency always shows all its minor digits (<c>GBP 50.00</c>, <c>BHD 1.500</c>).</item>
/// </list>
/// </summary>
public readonly partial struct Money
{
    /// <summary>The most whole digits an amount typed by a person may have (far above any chama's; no overflow in minor units).</summary>
    private const int MaxWholeDigits = 12;

    /// <summary>What Kenyans write before an amount of shillings besides the code.</summary>
    private static readonly string[] ShillingWords = ["KSH", "KSHS", "SH", "SHS"];

    /// <summary>The amount without the currency: <c>10,000</c>, <c>10,000.50</c>, <c>50.00</c> (GBP), <c>50,000</c> (UGX).</summary>
    public string FormatAmount()
    {
        var digits = Currencies.MinorUnits(Currency);
        var perMajor = Currencies.MinorPerMajor(Currency);
        var magnitude = Math.Abs(Minor);
        var whole = (magnitude / perMajor).ToString("#,0", CultureInfo.InvariantCulture);
        var fraction = magnitude % perMajor;
        var sign = Minor < 0 ? "-" : "";
        var showFraction = digits > 0 && (fraction != 0 || Currency != Currencies.Kes);
        return showFraction ? $"{sign}{whole}.{fraction.ToString(new string('0', digits), CultureInfo.InvariantCulture)}" : $"{sign}{whole}";
    }

    /// <summary>
    /// The amount as a plain number with all the currency's minor digits and no separators, which every spreadsheet reads
    /// as a number: <c>1500.00</c> (KES), <c>50000</c> (UGX), <c>-1.500</c> (BHD).
    /// </summary>
    public string FormatPlain()
    {
        var digits = Currencies.MinorUnits(Currency);
        var perMajor = Currencies.MinorPerMajor(Currency);
        var magnitude = Math.Abs(Minor);
        var sign = Minor < 0 ? "-" : "";
        var whole = (magnitude / perMajor).ToString(CultureInfo.InvariantCulture);
        return digits == 0 ? $"{sign}{whole}" : $"{sign}{whole}.{(magnitude % perMajor).ToString(new string('0', digits), CultureInfo.InvariantCulture)}";
    }

    /// <summary><c>KES 10,000</c>, <c>USD 1,250.00</c>.</summary>
    public override string ToString() => $"{Currency} {FormatAmount()}";

    /// <summary>
    /// Reads a positive amount of <paramref name="currency"/> as people type it: <c>5000</c>, <c>5,000</c>, <c>12.50</c>,
    /// optionally after the currency's code (<c>GBP 50</c>, <c>usd 12.50</c>; for shillings also <c>Ksh</c>, <c>Sh.</c>).
    /// At most the currency's decimals: <c>12.5</c> is no amount of UGX, <c>12.505</c> none of USD. Another currency's
    /// code, zero, a sign, an exponent or misplaced commas are not amounts.
    /// </summary>
    public static bool TryParse(string? text, string currency, out Money amount)
    {
        amount = Zero(currency);
        var match = Typed().Match((text ?? "").Trim());
        if (!match.Success || !NamesCurrency(match.Groups["code"], currency))
        {
            return false;
        }

        var whole = match.Groups["whole"].Value.Replace(",", "", StringComparison.Ordinal);
        var fraction = match.Groups["fraction"];
        var digits = Currencies.MinorUnits(currency);
        if (whole.Length > MaxWholeDigits || (fraction.Success && fraction.Length > digits))
        {
            return false;
        }

        var minor = long.Parse(whole + fraction.Value.PadRight(digits, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        if (minor <= 0)
        {
            return false;
        }

        amount = new Money(minor, currency);
        return true;
    }

    private static bool NamesCurrency(Group code, string currency) =>
        !code.Success
        || code.Value.Equals(currency, StringComparison.OrdinalIgnoreCase)
        || (currency == Currencies.Kes && ShillingWords.Contains(code.Value.ToUpperInvariant()));

    [GeneratedRegex(@"^(?:(?<code>[A-Za-z]{2,4})\.?\s*)?(?<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<fraction>\d+))?$")]
    private static partial Regex Typed();
}
