using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Commands;

namespace Chama.Conversations.Phones;

/// <summary>
/// A whole-message command any phone may send, member or not (<c>NEW CHAMA</c>, <c>JOIN UMOJA</c>): read before the
/// member's own commands, answered in the language its word is written in.
/// </summary>
public interface IPhoneCommand : ICommandWords
{
    /// <summary>The call this message makes, or null when it is not this command's.</summary>
    PhoneCall? Read(CommandText text, CommandWord word);
}

/// <summary>A phone command read from a message, bound to its arguments and to the language its word was written in.</summary>
public sealed class PhoneCall(IPhoneCommand command, object arguments, Core.Language? language, Func<PhoneContext, Task<FlowReply>> run)
{
    public IPhoneCommand Command { get; } = command;

    public object Arguments { get; } = arguments;

    /// <summary>The language of the word the command was found by, or null for a word both languages share.</summary>
    public Core.Language? Language { get; } = language;

    public Task<FlowReply> RunAsync(PhoneContext context) => run(Language is { } language ? context.In(language) : context);
}

/// <summary>The shape every phone command has: words, a typed parser, a handler of the parsed arguments.</summary>
public abstract class PhoneCommand<TArguments> : IPhoneCommand
    where TArguments : notnull
{
    public abstract string Name { get; }

    public abstract IReadOnlyList<CommandWord> Words { get; }

    public PhoneCall? Read(CommandText text, CommandWord word) =>
        TryParse(text, out var arguments) ? new PhoneCall(this, arguments, word.Language, context => RunAsync(context, arguments)) : null;

    /// <summary>Reads the message's words (the first being this command's) into the arguments; false when they are not this command's.</summary>
    protected abstract bool TryParse(CommandText text, [MaybeNullWhen(false)] out TArguments arguments);

    public abstract Task<FlowReply> RunAsync(PhoneContext context, TArguments arguments);
}
