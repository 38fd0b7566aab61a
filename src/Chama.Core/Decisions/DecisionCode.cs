using System.Globalization;

namespace Chama.Core;

/// <summary>The codes officers decide by: a letter naming what is decided and its number (<c>P12</c>, <c>R4</c>, <c>J3</c>).</summary>
public static class DecisionCode
{
    /// <summary>The number of a code with the <paramref name="letter"/> (either case), or false for anything else.</summary>
    public static bool TryParse(string? text, char letter, out long id)
    {
        id = 0;
        var code = (text ?? "").Trim();
        return code.Length >= 2 && char.ToUpperInvariant(code[0]) == char.ToUpperInvariant(letter)
            && long.TryParse(code.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
