using Chama.Core;

namespace Chama.Conversations.Commands;

/// <summary>What a command's word takes after it: nothing (it is the whole message), arguments, or either.</summary>
public enum Takes
{
    /// <summary>The word is the whole message (<c>MENU</c>, <c>RULES</c>).</summary>
    Nothing,

    /// <summary>Arguments follow the word (<c>SWAP 3</c>, <c>APPROVE P1</c>).</summary>
    Arguments,

    /// <summary>With or without arguments (<c>JOIN</c> answers with its usage, <c>JOIN 5</c> proposes).</summary>
    Either,
}

/// <summary>
/// One of the words (or two-word phrases) a command is known by, in the language a member writes it (null for the
/// keypad's <c>00</c> and for words both languages share, such as <c>CHAMA</c>). Two commands may share a word only when one
/// takes no arguments and the other requires them: <c>APPROVE</c> alone lists the approvals, <c>APPROVE P1</c> decides.
/// </summary>
public sealed record CommandWord(string Phrase, Language? Language, Takes Takes = Takes.Nothing)
{
    /// <summary>The number of words in the phrase (<c>ACCEPT SWAP</c> is two).</summary>
    public int Length => Phrase.Split(' ').Length;

    /// <summary>Whether a message of <paramref name="words"/> words, the phrase being its first, has the arguments this word wants.</summary>
    public bool Fits(int words) => Takes switch
    {
        Takes.Nothing => words == Length,
        Takes.Arguments => words > Length,
        _ => words >= Length,
    };

    /// <summary>Whether the two words could both read one message: the same phrase, and arguments that do not tell them apart.</summary>
    public bool Overlaps(CommandWord other) =>
        string.Equals(Phrase, other.Phrase, StringComparison.OrdinalIgnoreCase)
        && !(Takes == Takes.Nothing && other.Takes == Takes.Arguments)
        && !(Takes == Takes.Arguments && other.Takes == Takes.Nothing);
}
