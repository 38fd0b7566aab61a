using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Swaps;

namespace Chama.Conversations.Commands.Swaps;

/// <summary>
/// <c>SWAP 3</c> (<c>BADILISHA 3</c>): a member asks the member on seat 3 to exchange turns, who answers with
/// <see cref="AnswerSwapCommand"/>. Once accepted the two rounds change recipients; both members and the officers are told.
/// A swap with a member in arrears is held, once accepted, for the officers (<see cref="SwapDecision"/>).
/// </summary>
public sealed class SwapCommand : ChatCommand<SwapCommand.Arguments>
{
    public sealed record Arguments(int Seat);

    public override string Name => "swap";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("SWAP", Language.En, Takes.Arguments),
        new("BADILISHA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = text.Words.Count == 2 && text.TrySeat(1, out var seat) ? new Arguments(seat) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var seat = arguments.Seat;
        var result = await context.Services.Swaps.RequestAsync(context.Member, seat, context.Inbound.ChannelName, requested => [Asked(context, requested)]);
        if (result.Outcome != SwapOutcome.Requested)
        {
            return SwapRefusal.Reply(context, result, seat);
        }

        var (swap, counterpart, theirs) = (result.Swap!, result.Counterpart!, result.CounterpartRound!);
        return FlowReply.Finished(context.Say("swap_requested", new
        {
            id = swap.Id,
            name = counterpart.Name,
            round = theirs.Number,
            date = context.Date(theirs.DueDate),
            hours = (int)SeatSwap.AnswerWithin.TotalHours,
        }));
    }

    /// <summary>The member asked is told who asks, for which of their rounds, and how long they have to answer.</summary>
    private static OutboundMessage Asked(FlowContext context, SwapResult result)
    {
        var (swap, requester, counterpart, mine, theirs) = (result.Swap!, result.Requester!, result.Counterpart!, result.RequesterRound!, result.CounterpartRound!);
        return SwapNotices.Message(context.Services.Texts, swap, counterpart, "asked", "swap_asked", new
        {
            name = counterpart.Name,
            requester = requester.Name,
            seat = requester.Seat,
            chama = context.Chama.Name,
            id = swap.Id,
            round = theirs.Number,
            date = context.Date(theirs.DueDate),
            new_round = mine.Number,
            new_date = context.Date(mine.DueDate),
            hours = (int)SeatSwap.AnswerWithin.TotalHours,
        });
    }
}
