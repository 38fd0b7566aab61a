using System.Globalization;

namespace Chama.Core.Text;

/// <summary>
/// The one reader of a date a person types in a chat: <c>2026-12-20</c>, or day first as Kenyans write it,
/// <c>20/12/2026</c>, <c>20-12-2026</c> or <c>20.12.2026</c>. Nothing else is guessed (no month-first dates, no two-digit years).
/// </summary>
public static class DateInput
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy", "d.M.yyyy"];

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
