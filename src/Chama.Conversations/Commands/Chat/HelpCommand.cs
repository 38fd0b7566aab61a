using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary><c>HELP</c> (<c>USAIDIZI</c>): what the member can write.</summary>
public sealed class HelpCommand : PlainCommand
{
    public override string Name => "help";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("HELP", Language.En), new("USAIDIZI", Language.Sw)];

    public override Task<FlowReply> RunAsync(FlowContext context) => Task.FromResult(FlowReply.Finished(context.Say("help")));
}
