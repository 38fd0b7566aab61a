using Chama.Core;
using Chama.Data.Swaps;

namespace Chama.Conversations.Commands.Swaps;

/// <summary>The answer to a swap request, reply or decision that changed nothing, saying why.</summary>
internal static class SwapRefusal
{
    public static FlowReply Reply(FlowContext context, SwapResult result, int seat, long? swapId = null, string? why = null)
    {
        // A lapsed swap is told with the round whose due date closed it.
        var firstDue = result is { RequesterRound: { } mine, CounterpartRound: { } theirs } ? HeldSwapLapse.FirstDue(mine, theirs) : null;
        return FlowReply.Finished(context.Say("swap_refused", new
        {
            reason = why ?? result.Outcome switch
            {
                SwapOutcome.NotAnOfficer => "officer",
                SwapOutcome.OwnSwap => "own_swap",
                SwapOutcome.AlreadyDecided => "already",
                SwapOutcome.NotHeld => "not_held",
                SwapOutcome.NoRound => "no_round",
                SwapOutcome.UnknownSeat => "seat",
                SwapOutcome.OwnSeat => "own",
                SwapOutcome.RoundPassed => "passed",
                SwapOutcome.RoundBeingPaid => "paid",
                SwapOutcome.Expired => "expired",
                SwapOutcome.RoundsChanged => "changed",
                SwapOutcome.Lapsed => "lapsed",
                _ => "nothing",
            },
            seat,
            id = result.Swap?.Id ?? swapId ?? 0,
            round = firstDue?.Number ?? 0,
            date = firstDue is null ? "" : context.Date(firstDue.DueDate),
        }));
    }
}
