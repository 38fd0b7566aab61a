namespace Chama.Core;

/// <summary>
/// An amount of money in integer minor units (cents, or none for a currency without them) and an ISO 4217 currency
/// from <see cref="Currencies"/>. Never floating point. Arithmetic and comparison refuse to mix currencies. How amounts
/// are written and read is in <c>MoneyText.cs</c>.
/// </summary>
public readonly partial struct Money : IEquatable<Money>, IComparable<Money>
{
    public const string DefaultCurrency = Currencies.Kes;

    private readonly string? currency;

    public Money(long minor, string currency = DefaultCurrency)
    {
        if (!Currencies.IsKnown(currency))
        {
            throw new ChamaException(ChamaError.UnknownCurrency, $"'{currency}' is not an ISO 4217 currency code.");
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

    /// <summary>Whole major units (shillings, dollars, pounds) to money: <c>Major(50, "GBP")</c> is 5,000 pence, <c>Major(50, "UGX")</c> 50 shillings.</summary>
    public static Money Major(long major, string currency) => new(checked(major * Currencies.MinorPerMajor(currency)), currency);

    public static Money Kes(long shillings) => Major(shillings, Currencies.Kes);

    /// <summary>True when the amount has no part smaller than the currency's major unit (no cents).</summary>
    public bool IsWholeMajor => Minor % Currencies.MinorPerMajor(Currency) == 0;

    /// <summary>The amount in whole major units, for a provider that takes whole shillings; refused when there is a part of one.</summary>
    public long ToWholeMajor() =>
        IsWholeMajor
            ? Minor / Currencies.MinorPerMajor(Currency)
            : throw new ChamaException(ChamaError.InvalidAmount, $"{this} is not a whole amount of {Currency}.");

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

    private static Money SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency
            ? right
            : throw new ChamaException(ChamaError.CurrencyMismatch, $"Cannot combine {left.Currency} with {right.Currency}.");
}
