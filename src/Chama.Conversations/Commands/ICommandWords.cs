namespace Chama.Conversations.Commands;

/// <summary>What every command shows to the reader that finds it in a message: its name and the words it is known by.</summary>
public interface ICommandWords
{
    /// <summary>The name it is registered by, for logs and tests.</summary>
    string Name { get; }

    IReadOnlyList<CommandWord> Words { get; }
}
