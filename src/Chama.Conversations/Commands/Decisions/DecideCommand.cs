using System.Diagnostics.CodeAnalysis;
using Chama.Core;

namespace Chama.Conversations.Commands.Decisions;

/// <summary>
/// <c>APPROVE P3</c> / <c>IDHINISHA P3</c>, <c>REJECT W7 &lt;reason&gt;</c> / <c>KATAA W7 &lt;sababu&gt;</c>: an officer
/// decides in one message on whatever the code names; the code's letter picks the handler (<see cref="DecisionHandlers"/>).
/// A code no handler knows is no command.
/// </summary>
public sealed class DecideCommand : ChatCommand<DecideCommand.Arguments>
{
    /// <summary>The decision, on which item (the handler of its letter and its number), with the reason when given.</summary>
    public sealed record Arguments(Decision Decision, IDecisionHandler Handler, long Id, string? Reason)
    {
        /// <summary>The code as decided on, for tests and logs (<c>W12</c>).</summary>
        public string Code => $"{Handler.Letter}{Id}";
    }

    private static readonly Dictionary<string, Decision> Decisions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["APPROVE"] = Decision.Approve,
        ["IDHINISHA"] = Decision.Approve,
        ["REJECT"] = Decision.Reject,
        ["KATAA"] = Decision.Reject,
    };

    public override string Name => "decide";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("APPROVE", Language.En, Takes.Arguments),
        new("REJECT", Language.En, Takes.Arguments),
        new("IDHINISHA", Language.Sw, Takes.Arguments),
        new("KATAA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = Decisions.TryGetValue(text.Words[0], out var decision) && DecisionHandlers.TryFind(text.Words[1], out var handler, out var id)
            ? new Arguments(decision, handler, id, text.Rest)
            : null;
        return arguments is not null;
    }

    public override Task<FlowReply> RunAsync(FlowContext context, Arguments arguments) =>
        arguments.Handler.DecideAsync(context, arguments.Id, arguments.Decision, arguments.Reason);
}
