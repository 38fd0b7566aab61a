using Chama.Conversations.Commands;
using Chama.Conversations.Commands.Chat;
using Chama.Core;

namespace Chama.Conversations;

/// <summary>
/// Reads a message as one of <see cref="ChatCommands.All"/>: looked up by its first two words, then by its first word; a
/// command whose word fits (with or without arguments, as the word says) is asked to parse it, and the first that does is
/// the message's command. Nothing here depends on the order commands are registered in.
/// </summary>
public static class Keywords
{
    /// <summary>Each word (upper case) and the commands known by it, the longest phrases being looked up first.</summary>
    private static readonly Dictionary<string, List<(IChatCommand Command, CommandWord Word)>> ByWord = ChatCommands.All
        .SelectMany(command => command.Words.Select(word => (Command: command, Word: word)))
        .GroupBy(known => known.Word.Phrase, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The one place where a channel decides which commands it reads. USSD is a keypad: numbered menus and amounts, and
    /// <c>00</c> for the main menu; no keyword command is read from a USSD <c>text</c>, because the gateway's phone number
    /// is not proof of who typed, and whatever an officer decides on USSD goes through the numbered approvals menu and its PIN.
    /// </summary>
    public static CommandCall? Read(string input, Channel channel) => channel switch
    {
        Channel.Ussd => Input.Is(input, MenuCommand.Keypad) ? Read(MenuCommand.Keypad) : null,
        _ => Read(input),
    };

    /// <summary>The command a WhatsApp message is, or null when it is none (it is then an answer to the flow or the menu).</summary>
    public static CommandCall? Read(string input)
    {
        var text = CommandText.Of(input);
        var words = text.Words;
        var phrases = words.Count >= 2 ? new[] { $"{words[0]} {words[1]}", words[0] } : words.Take(1);
        foreach (var phrase in phrases)
        {
            if (!ByWord.TryGetValue(phrase, out var known))
            {
                continue;
            }

            foreach (var (command, word) in known)
            {
                if (word.Fits(words.Count) && command.Read(text) is { } call)
                {
                    return call;
                }
            }
        }

        return null;
    }

    /// <summary>Reads a held swap's code, <c>S5</c> (also for the dashboard).</summary>
    public static bool TryParseSwapCode(string text, out long swapId) => DecisionCode.TryParse(text, 'S', out swapId);
}
