namespace Chama.Core;

/// <summary>
/// The one rounding rule of lending. Every interest, penalty, pledge and instalment amount is worked out exactly in
/// <see cref="decimal"/> and rounded once, half away from zero, to the chama's unit of payment: whole shillings for a
/// KES chama, because M-Pesa moves nothing smaller (<see cref="MpesaReach"/>), and the currency's minor unit otherwise.
/// </summary>
public static class LoanRounding
{
    /// <summary>The smallest amount, in minor units, a loan figure is rounded to: 100 (a shilling) for KES, 1 otherwise.</summary>
    public static long UnitOf(string currency) => MpesaReach.Serves(currency) ? Currencies.MinorPerMajor(currency) : 1;

    /// <summary>An exact amount of minor units rounded half away from zero to a multiple of <paramref name="unit"/>.</summary>
    public static Money Round(decimal minor, string currency, long unit) =>
        ToUnits(minor, currency, unit, units => Math.Round(units, 0, MidpointRounding.AwayFromZero));

    /// <summary>Rounded down (towards zero) to the unit: used where the remainder is carried elsewhere.</summary>
    public static Money RoundDown(decimal minor, string currency, long unit) =>
        ToUnits(minor, currency, unit, decimal.Truncate);

    /// <summary>Rounded up (away from zero) to the unit: used where the rounded parts together must cover the whole.</summary>
    public static Money RoundUp(decimal minor, string currency, long unit) =>
        ToUnits(minor, currency, unit, units => units < 0 ? decimal.Floor(units) : decimal.Ceiling(units));

    /// <summary>Refuses a unit below one minor unit.</summary>
    public static long CheckUnit(long unit) =>
        unit >= 1 ? unit : throw new ChamaException(ChamaError.InvalidAmount, $"A unit of payment must be at least one minor unit, not {unit}.");

    private static Money ToUnits(decimal minor, string currency, long unit, Func<decimal, decimal> toWhole) =>
        new(checked((long)toWhole(minor / CheckUnit(unit)) * unit), currency);
}
