using System.Globalization;
using Chama.Core;

namespace Chama.Bot.Cli;

/// <summary>Reads option values as operators type them; a value that does not read is refused with a clear message.</summary>
public static class CliValues
{
    /// <summary>
    /// An amount in <paramref name="currency"/>, as members write it (<c>10000</c>, <c>10,000</c>, <c>KES 10000</c>,
    /// <c>12.50</c> where the currency has cents); zero only where allowed.
    /// </summary>
    public static Money Amount(string option, string text, string currency, bool zeroAllowed = false)
    {
        if (zeroAllowed && text.Trim() == "0")
        {
            return Money.Zero(currency);
        }

        return Money.TryParse(text, currency, out var amount)
            ? amount
            : throw new ChamaException(
                ChamaError.InvalidAmount, $"{option} '{text}' is not an amount of {currency}: give one such as {Money.Major(10_000, currency).FormatPlain()}.");
    }

    /// <summary>An ISO date, <c>2026-12-05</c>: the only form that cannot be read two ways.</summary>
    public static DateOnly IsoDate(string option, string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ChamaException(ChamaError.InvalidChama, $"{option} '{text}' is not a date: use YYYY-MM-DD, for example 2026-12-05.");

    public static MeetingFrequency Frequency(string text) => Enum.Parse<MeetingFrequency>(text, ignoreCase: true);

    public static Language Language(string text) => Enum.Parse<Language>(text, ignoreCase: true);

    /// <summary>The roles named, combined; <c>member</c> alone (or none) is a plain member.</summary>
    public static MemberRoles Roles(IEnumerable<string> names) =>
        names.Aggregate(MemberRoles.Member, (roles, name) => roles | Enum.Parse<MemberRoles>(name, ignoreCase: true));

    /// <summary>The roles a member holds, in words: <c>treasurer, chair</c>, or <c>member</c>.</summary>
    public static string Describe(MemberRoles roles) =>
        roles == MemberRoles.Member
            ? "member"
            : string.Join(", ", Enum.GetValues<MemberRoles>().Where(r => r != MemberRoles.Member && roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant()));
}
