using System.Globalization;

namespace Chama.Core;

/// <summary>
/// An amount of money in integer minor units (cents) and an ISO 4217 currency. Never floating point.
/// Arithmetic and comparison refuse to mix currencies.
/// </summary>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    public const string DefaultCurrency = "KES";
    public const long MinorPerMajor = 100;

    private readonly string? currency;

    public Money(long minor, string currency = DefaultCurrency)
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ChamaException(ChamaError.CurrencyMismatch, $"'{currency}' is not an ISO 4217 currency code.");
        }

        Minor = minor;
        this.currency = currency;
    }

    public long Minor { get; }

    /// <summary>The currency; a default-constructed value is KES.</summary>
    public string Currency => currency ?? DefaultCurrency;

    public bool IsZero => Minor == 0;

    public bool IsPositive => Minor > 0;

    public bool IsNegative => Minor < 0;

    public static Money Zero(string currency = DefaultCurrency) => new(0, currency);

    /// <summary>Whole shillings (or other major units) to money.</summary>
    public static Money Major(long major, string currency = DefaultCurrency) => new(checked(major * MinorPerMajor), currency);

    public static Money Kes(long shillings) => Major(shillings);

    public Money Times(int factor) => new(checked(Minor * factor), Currency);

    public static Money operator +(Money left, Money right) => new(checked(left.Minor + SameCurrency(left, right).Minor), left.Currency);

    public static Money operator -(Money left, Money right) => new(checked(left.Minor - SameCurrency(left, right).Minor), left.Currency);

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public static bool operator ==(Money left, Money right) => left.Equals(right);

    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    public static Money Min(Money left, Money right) => left <= right ? left : right;

    public static Money Max(Money left, Money right) => left >= right ? left : right;

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public int CompareTo(Money other) => Minor.CompareTo(SameCurrency(this, other).Minor);

    public bool Equals(Money other) => Minor == other.Minor && Currency == other.Currency;

    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Minor, Currency);

    /// <summary>The amount without the currency: <c>10,000</c>, or <c>10,000.50</c> when there are cents.</summary>
    public string FormatAmount()
    {
        var major = Math.Abs(Minor) / MinorPerMajor;
        var cents = Math.Abs(Minor) % MinorPerMajor;
        var sign = Minor < 0 ? "-" : "";
        var whole = major.ToString("#,0", CultureInfo.InvariantCulture);
        return cents == 0 ? $"{sign}{whole}" : $"{sign}{whole}.{cents:00}";
    }

    /// <summary><c>KES 10,000</c>.</summary>
    public override string ToString() => $"{Currency} {FormatAmount()}";

    private static Money SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency
            ? right
            : throw new ChamaException(ChamaError.CurrencyMismatch, $"Cannot combine {left.Currency} with {right.Currency}.");
}
