using System.Security.Cryptography;
using System.Text;

namespace Chama.Core;

/// <summary>
/// An officer's 4-digit PIN for decisions taken on USSD, where a phone shared in a household is no proof of who is
/// deciding. A PIN is kept only as a slow salted hash (PBKDF2 with SHA-256, 210,000 iterations, a random 16-byte salt),
/// compared in constant time; an easy one (<c>0000</c>, <c>1234</c>, <c>9876</c>, the seat, the phone's last four digits) is refused.
/// </summary>
public static class OfficerPin
{
    public const int Length = 4;

    /// <summary>Wrong PINs in a row that lock the officer's USSD decisions until a reset on the dashboard.</summary>
    public const int MaxTries = 3;

    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static bool IsWellFormed(string? pin) => pin is { Length: Length } && pin.All(char.IsAsciiDigit);

    /// <summary>
    /// A PIN anyone could guess: one digit repeated, a straight run up or down (<c>1234</c>, <c>4321</c>, <c>9876</c>),
    /// the member's seat (<c>0004</c>) or the last four digits of the member's own phones.
    /// </summary>
    public static bool IsWeak(string pin, Member member)
    {
        var steps = pin.Zip(pin.Skip(1), (a, b) => b - a).Distinct().ToList();
        return steps is [0] or [1] or [-1]
            || pin == member.Seat.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
            || member.Phone.E164.EndsWith(pin, StringComparison.Ordinal)
            || member.ReceivePhone.E164.EndsWith(pin, StringComparison.Ordinal);
    }

    /// <summary>A new salted hash of <paramref name="pin"/>: <c>pbkdf2-sha256$210000$&lt;salt&gt;$&lt;hash&gt;</c>, base64.</summary>
    public static string Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="pin"/> is the one <paramref name="stored"/> was made from; false for anything unreadable.</summary>
    public static bool Verify(string pin, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations < 100_000)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
