using Chama.Core;

namespace Chama.Conversations.Commands.Decisions;

/// <summary>
/// Decides on one kind of thing officers vote on, named by the letter of its code (<c>P</c> in <c>P12</c>). An officer's
/// decision by reply (<see cref="DecideCommand"/>) and from the approvals list both come here.
/// </summary>
public interface IDecisionHandler
{
    char Letter { get; }

    /// <summary>Records the officer's decision on item <paramref name="id"/> and answers them; a rejection needs a reason.</summary>
    Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason);
}
