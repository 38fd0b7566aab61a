using System.Text.RegularExpressions;
using Chama.Core.Text;

namespace Chama.Core;

/// <summary>A chama: its name, the short code members use as the M-Pesa account reference, and its constitution.</summary>
public sealed partial record ChamaGroup(long Id, string Name, string Code, Constitution Constitution)
{
    public string Currency => Constitution.Currency;

    /// <summary>
    /// True while a chama founded from a phone waits for the operator's approval (<c>Onboarding:RequireApproval</c>):
    /// nothing may be done in it until <c>chama approve</c>. Whatever acts in a chama checks this first.
    /// </summary>
    public bool AwaitsApproval { get; init; }

    /// <summary>The first meeting its founder set (none for a chama the operator created).</summary>
    public DateOnly? FirstMeeting { get; init; }

    /// <summary>Codes are 2 to 8 uppercase letters and digits so that <c>CODE-12</c> fits M-Pesa's 12-character account reference.</summary>
    public static string ValidateCode(string? code)
    {
        var normalised = (code ?? "").Trim().ToUpperInvariant();
        return CodeShape().IsMatch(normalised)
            ? normalised
            : throw new ChamaException(ChamaError.InvalidChama, $"'{code}' is not a valid chama code: use 2 to 8 letters and digits.");
    }

    public static string ValidateName(string? name)
    {
        var trimmed = TextInput.Line(name);
        return trimmed.Length is > 0 and <= 80
            ? trimmed
            : throw new ChamaException(ChamaError.InvalidChama, "A chama's name must be 1 to 80 characters.");
    }

    [GeneratedRegex("^[A-Z0-9]{2,8}$")]
    private static partial Regex CodeShape();
}
