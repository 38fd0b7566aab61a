using System.Globalization;

namespace Chama.Core.Text;

/// <summary>
/// The one reader of a date a person types in a chat or a form: <c>2026-12-20</c> (a web form's date field), or day first
/// as Kenyans write it, <c>20/12/2026</c>, <c>20/12/26</c>, <c>20-12-2026</c>, <c>20.12.2026</c>, <c>20 Dec 2026</c>,
/// <c>20 December 2026</c>, and <c>TODAY</c> / <c>LEO</c>. Month-first dates are never guessed.
/// </summary>
public static class DateInput
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "d/M/yyyy", "d.M.yyyy", "d-M-yyyy", "d MMM yyyy", "d MMMM yyyy", "d/M/yy"];

    private static readonly string[] Today = ["TODAY", "LEO"];

    /// <param name="today">What <c>TODAY</c> / <c>LEO</c> means (Nairobi's date).</param>
    public static bool TryParse(string? text, DateOnly today, out DateOnly date)
    {
        var typed = (text ?? "").Trim();
        if (Today.Contains(typed.ToUpperInvariant()))
        {
            date = today;
            return true;
        }

        return DateOnly.TryParseExact(typed, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out date);
    }
}
