using System.Text.RegularExpressions;

namespace Chama.Core.Founding;

/// <summary>
/// The short code a founder chooses: letters and digits, starting with a letter, 3 to 8 characters, kept in upper case.
/// Stricter than <see cref="ChamaGroup.ValidateCode"/> (which also takes the operator's older two-character and
/// digit-first codes) and never longer: the code and a seat (<c>UMOJA-12</c>) are M-Pesa's account reference, which
/// holds 12 characters. Unique across chamas: the store checks that when the code is chosen and again when founding.
/// </summary>
public static partial class ShortCode
{
    public const int MinLength = 3;

    public const int MaxLength = 8;

    public static bool TryParse(string? text, out string code)
    {
        code = (text ?? "").Trim().ToUpperInvariant();
        return Shape().IsMatch(code);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{2,7}$")]
    private static partial Regex Shape();
}
