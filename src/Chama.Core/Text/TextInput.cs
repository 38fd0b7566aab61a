using System.Globalization;
using System.Text;

namespace Chama.Core.Text;

/// <summary>
/// The one normaliser for free text people type (names, welfare reasons, rule text, decision reasons), applied where
/// the text enters, before it is stored or sent on to others. It removes control characters and invisible format
/// characters (Unicode Cc and Cf): NUL, escapes, and above all the bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, U+200E/U+200F) that make a name or a reason display as something other than what it says, e.g.
/// "KES 5,000" shown to officers as "KES 000,5". Lone surrogates (half a character, which PostgreSQL refuses) go too.
/// </summary>
public static class TextInput
{
    /// <summary>Text on one line (a name): a line break (CRLF counts as one) or a tab becomes a space; trimmed.</summary>
    public static string Line(string? text) => Clean(text, keepLines: false);

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> characters, never between the two halves of a
    /// surrogate pair (an emoji): PostgreSQL refuses the half left behind.
    /// </summary>
    public static string Cut(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    /// <summary>Text that may span lines (a chat message, a reason): line breaks (as <c>\n</c>) and tabs are kept; trimmed.</summary>
    public static string Lines(string? text) => Clean(text, keepLines: true);

    /// <summary>
    /// False when <paramref name="text"/> holds what no person types and no well-formed request carries: NUL or another
    /// control character other than tab and line breaks, a lone surrogate, or U+FFFD, which decoding puts in place of
    /// invalid UTF-8.
    /// </summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Clean(string? text, bool keepLines)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
                continue;
            }

            if (c is '\r' or '\n' or '\t')
            {
                var kept = keepLines ? (c == '\r' ? '\n' : c) : ' ';
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                clean.Append(kept);
                continue;
            }

            if (char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                continue;
            }

            clean.Append(c);
        }

        return clean.ToString().Trim();
    }
}
