namespace Chama.Conversations.Commands;

/// <summary>
/// Finds the command a message is among a list of commands: looked up by its first two words, then by its first word; a
/// command whose word fits (with or without arguments, as the word says) is asked to parse it, and the first that does is
/// the message's command. Nothing depends on the order the commands are registered in.
/// </summary>
public sealed class WordIndex<TCommand, TCall>
    where TCommand : ICommandWords
    where TCall : class
{
    private readonly Dictionary<string, List<(TCommand Command, CommandWord Word)>> byWord;
    private readonly Func<TCommand, CommandWord, CommandText, TCall?> read;

    /// <param name="read">Asks a command to parse the message found by one of its words; null when it is not its message.</param>
    public WordIndex(IEnumerable<TCommand> commands, Func<TCommand, CommandWord, CommandText, TCall?> read)
    {
        byWord = commands
            .SelectMany(command => command.Words.Select(word => (Command: command, Word: word)))
            .GroupBy(known => known.Word.Phrase, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.OrdinalIgnoreCase);
        this.read = read;
    }

    public TCall? Read(string input)
    {
        var text = CommandText.Of(input);
        var words = text.Words;
        var phrases = words.Count >= 2 ? new[] { $"{words[0]} {words[1]}", words[0] } : words.Take(1);
        foreach (var phrase in phrases)
        {
            if (!byWord.TryGetValue(phrase, out var known))
            {
                continue;
            }

            foreach (var (command, word) in known)
            {
                if (word.Fits(words.Count) && read(command, word, text) is { } call)
                {
                    return call;
                }
            }
        }

        return null;
    }
}
