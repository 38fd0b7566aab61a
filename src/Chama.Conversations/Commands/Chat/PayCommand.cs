using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary><c>PAY</c> (<c>LIPA</c>): starts <see cref="PayFlow"/>.</summary>
public sealed class PayCommand() : StartFlowCommand(ChatFlows.Pay)
{
    public override IReadOnlyList<CommandWord> Words { get; } = [new("PAY", Language.En), new("LIPA", Language.Sw)];
}
