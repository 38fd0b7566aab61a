using System.Globalization;

namespace Chama.Core;

/// <summary>
/// A payment made in another currency than the chama's: what was paid, and the rate the recording officer typed (how many
/// of the chama's currency one unit of the paid currency bought, <c>129.50</c> shillings a dollar). Rates are never fetched.
/// </summary>
public sealed record ForeignPayment(Money Paid, decimal Rate)
{
    /// <summary>The most decimals a typed rate may have.</summary>
    public const int MaxRateDecimals = 6;

    /// <summary>The largest rate accepted: one unit of any currency buys fewer than this many of another.</summary>
    public const decimal MaxRate = 1_000_000m;

    /// <summary>
    /// What the chama's ledger is credited, in <paramref name="chamaCurrency"/>, by the one rounding rule: the paid amount
    /// times the rate, computed in <see cref="decimal"/> (never binary floating point), rounded half away from zero to the
    /// chama currency's minor unit. USD 100.00 at 129.50 is KES 12,950.00; USD 0.01 at 129.555 is KES 1.30 (1.29555 rounds up).
    /// </summary>
    public Money CreditIn(string chamaCurrency)
    {
        if (string.Equals(Paid.Currency, chamaCurrency, StringComparison.Ordinal))
        {
            throw new ChamaException(ChamaError.CurrencyMismatch, $"A payment in {chamaCurrency} is recorded as it is, without a rate.");
        }

        EnsureRate(Rate);
        // Each side in its own minor units: UGX has none, KES and USD two, BHD three.
        var major = Paid.Minor / (decimal)Currencies.MinorPerMajor(Paid.Currency) * Rate;
        var minor = decimal.Round(major * Currencies.MinorPerMajor(chamaCurrency), 0, MidpointRounding.AwayFromZero);
        return new Money(decimal.ToInt64(minor), chamaCurrency);
    }

    /// <summary>A rate as an officer types it: digits with a point (<c>129.50</c>, <c>@129.50</c>), more than zero.</summary>
    public static bool TryParseRate(string? text, out decimal rate)
    {
        var value = (text ?? "").Trim().TrimStart('@');
        rate = 0;
        return value.Length is > 0 and <= 20
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate)
            && IsValidRate(rate);
    }

    public static bool IsValidRate(decimal rate) => rate > 0 && rate < MaxRate && rate.Scale <= MaxRateDecimals;

    /// <summary>An ISO 4217 code as typed: three letters.</summary>
    public static bool IsCurrencyCode(string? text) => text is { Length: 3 } code && code.All(char.IsAsciiLetter);

    private static void EnsureRate(decimal rate)
    {
        if (!IsValidRate(rate))
        {
            throw new ChamaException(ChamaError.InvalidRate, $"{rate} is not a rate: more than 0, below {MaxRate}, at most {MaxRateDecimals} decimals.");
        }
    }
}
