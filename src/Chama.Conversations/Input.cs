using System.Globalization;

namespace Chama.Conversations;

/// <summary>Reading what members type. Amounts are read by <see cref="Core.Money.TryParse"/>, in the chama's currency.</summary>
public static class Input
{
    public const string Back = "0";

    /// <summary>A menu choice from 1 to <paramref name="count"/>.</summary>
    public static bool TryParseChoice(string? text, int count, out int choice) =>
        int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out choice) && choice >= 1 && choice <= count;

    public static bool Is(string? text, string expected) => string.Equals((text ?? "").Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
