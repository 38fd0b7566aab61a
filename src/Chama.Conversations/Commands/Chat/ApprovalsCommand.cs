using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary>
/// <c>APPROVALS</c>, <c>APPROVE</c> alone (<c>IDHINI</c>): starts <see cref="ApprovalsFlow"/>. <c>APPROVE</c> followed by
/// a code is <see cref="Decisions.DecideCommand"/>.
/// </summary>
public sealed class ApprovalsCommand() : StartFlowCommand(ChatFlows.Approvals)
{
    public override IReadOnlyList<CommandWord> Words { get; } = [new("APPROVALS", Language.En), new("APPROVE", Language.En), new("IDHINI", Language.Sw)];
}
