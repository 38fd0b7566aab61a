using System.Diagnostics.CodeAnalysis;

namespace Chama.Conversations.Commands;

/// <summary>
/// A whole-message command, understood on every step of every flow: the words it is known by in English and Swahili,
/// its parser (from the message's words to its own arguments, or not its message) and its handler.
/// </summary>
public interface IChatCommand : ICommandWords
{
    /// <summary>The call this message makes, or null when it is not this command's (the words it was found by fit it).</summary>
    CommandCall? Read(CommandText text);

    /// <summary>Whether the command means anything to this member now; when not, the message is read as if it were none.</summary>
    bool AppliesTo(FlowContext context) => true;
}

/// <summary>A command read from a message: which, its arguments, and the handler bound to them.</summary>
public sealed class CommandCall(IChatCommand command, object arguments, Func<FlowContext, Task<FlowReply>> run)
{
    public IChatCommand Command { get; } = command;

    /// <summary>The command's own typed arguments (a record of the command's, or <see cref="NoArguments"/>).</summary>
    public object Arguments { get; } = arguments;

    public Task<FlowReply> RunAsync(FlowContext context) => run(context);
}

/// <summary>The arguments of a command that takes none.</summary>
public sealed record NoArguments
{
    public static readonly NoArguments Value = new();
}

/// <summary>The shape every command has: words, a typed parser, a handler of the parsed arguments.</summary>
public abstract class ChatCommand<TArguments> : IChatCommand
    where TArguments : notnull
{
    public abstract string Name { get; }

    public abstract IReadOnlyList<CommandWord> Words { get; }

    public CommandCall? Read(CommandText text) =>
        TryParse(text, out var arguments) ? new CommandCall(this, arguments, context => RunAsync(context, arguments)) : null;

    public virtual bool AppliesTo(FlowContext context) => true;

    /// <summary>Reads the message's words (the first being this command's) into the arguments; false when they are not this command's.</summary>
    protected abstract bool TryParse(CommandText text, [MaybeNullWhen(false)] out TArguments arguments);

    /// <summary>Does what the command says and answers the member.</summary>
    public abstract Task<FlowReply> RunAsync(FlowContext context, TArguments arguments);
}

/// <summary>A command that is its word alone (<c>HELP</c>, <c>RULES</c>): nothing to parse.</summary>
public abstract class PlainCommand : ChatCommand<NoArguments>
{
    protected sealed override bool TryParse(CommandText text, [MaybeNullWhen(false)] out NoArguments arguments)
    {
        arguments = NoArguments.Value;
        return true;
    }

    public sealed override Task<FlowReply> RunAsync(FlowContext context, NoArguments arguments) => RunAsync(context);

    public abstract Task<FlowReply> RunAsync(FlowContext context);
}
