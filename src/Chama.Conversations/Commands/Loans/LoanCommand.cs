using Chama.Conversations.Commands.Chat;
using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Commands.Loans;

/// <summary><c>LOAN</c> (<c>MKOPO</c>): starts <see cref="LoanFlow"/>, as its number on the main menu does.</summary>
public sealed class LoanCommand() : StartFlowCommand(ChatFlows.Loan)
{
    public override IReadOnlyList<CommandWord> Words { get; } = [new("LOAN", Language.En), new("MKOPO", Language.Sw)];
}
