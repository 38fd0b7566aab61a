using System.Globalization;

namespace Chama.Conversations.Commands;

/// <summary>
/// A message as commands read it: trimmed, and cut at whitespace into at most three words, the third being the rest of
/// the message (a reason may have spaces: <c>REJECT W7 not a member's relative</c>).
/// </summary>
public sealed class CommandText
{
    private CommandText(string text)
    {
        Text = text.Trim();
        Words = Text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
    }

    public string Text { get; }

    public IReadOnlyList<string> Words { get; }

    /// <summary>The rest of the message after the first two words, trimmed, or null when there is none (a reason).</summary>
    public string? Rest => Words.Count == 3 ? Words[2].Trim() : null;

    public static CommandText Of(string input) => new(input);

    /// <summary>Word <paramref name="index"/> as a whole number without sign or separators, as members type item numbers.</summary>
    public bool TryNumber(int index, out long number)
    {
        number = 0;
        return index < Words.Count && long.TryParse(Words[index], NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Like <see cref="TryNumber"/>, for a seat.</summary>
    public bool TrySeat(int index, out int seat)
    {
        seat = 0;
        return index < Words.Count && int.TryParse(Words[index], NumberStyles.None, CultureInfo.InvariantCulture, out seat);
    }
}
