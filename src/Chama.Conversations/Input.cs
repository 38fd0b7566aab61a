using System.Globalization;
using System.Text.RegularExpressions;
using Chama.Core;

namespace Chama.Conversations;

/// <summary>Reading what members type.</summary>
public static partial class Input
{
    public const string Back = "0";

    /// <summary>Whole shillings as members write them: <c>5000</c>, <c>5,000</c>, <c>KES 5000</c>, <c>Ksh 5,000.00</c>.</summary>
    public static bool TryParseShillings(string? text, out Money amount)
    {
        amount = Money.Zero();
        var match = Shillings().Match((text ?? "").Trim());
        if (!match.Success)
        {
            return false;
        }

        var digits = match.Groups["whole"].Value.Replace(",", "", StringComparison.Ordinal);
        if (digits.Length > 9 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var shillings) || shillings <= 0)
        {
            return false;
        }

        amount = Money.Kes(shillings);
        return true;
    }

    /// <summary>A menu choice from 1 to <paramref name="count"/>.</summary>
    public static bool TryParseChoice(string? text, int count, out int choice) =>
        int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out choice) && choice >= 1 && choice <= count;

    public static bool Is(string? text, string expected) => string.Equals((text ?? "").Trim(), expected, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(?:(?:KES|KSH|KSHS|SH|SHS)\.?\s*)?(?<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.0{1,2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex Shillings();
}
