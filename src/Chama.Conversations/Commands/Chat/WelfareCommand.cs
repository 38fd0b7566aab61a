using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary><c>WELFARE</c> (<c>USTAWI</c>, <c>MSAADA</c>): starts <see cref="WelfareFlow"/>.</summary>
public sealed class WelfareCommand() : StartFlowCommand(ChatFlows.Welfare)
{
    public override IReadOnlyList<CommandWord> Words { get; } = [new("WELFARE", Language.En), new("USTAWI", Language.Sw), new("MSAADA", Language.Sw)];
}
