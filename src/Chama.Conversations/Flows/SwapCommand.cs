using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Swaps;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>SWAP 3</c> (<c>BADILISHA 3</c>): a member asks the member on seat 3 to exchange turns, who answers
/// <c>ACCEPT SWAP</c> or <c>DECLINE SWAP</c> (<c>KUBALI ZAMU</c> / <c>KATAA ZAMU</c>), optionally with the swap's number.
/// Once accepted the two rounds change recipients; both members and the officers are told. A member with arrears is
/// refused: the officers must arrange such a swap themselves.
/// </summary>
public static class SwapCommand
{
    public static async Task<FlowReply> RequestAsync(FlowContext context, int seat)
    {
        var result = await context.Services.Swaps.RequestAsync(context.Member, seat, context.Inbound.ChannelName);
        if (result.Outcome != SwapOutcome.Requested)
        {
            return Refused(context, result, seat);
        }

        var (swap, requester, counterpart, mine, theirs) = (result.Swap!, result.Requester!, result.Counterpart!, result.RequesterRound!, result.CounterpartRound!);
        var hours = (int)SeatSwap.AnswerWithin.TotalHours;
        await context.Services.Outbox.EnqueueAsync(Message(context, swap, counterpart, "asked", "swap_asked", new
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
            hours,
        }));
        return FlowReply.Finished(context.Say("swap_requested", new
        {
            id = swap.Id,
            name = counterpart.Name,
            round = theirs.Number,
            date = context.Date(theirs.DueDate),
            hours,
        }));
    }

    public static async Task<FlowReply> AnswerAsync(FlowContext context, bool accept, long? swapId)
    {
        var result = await context.Services.Swaps.AnswerAsync(context.Member, swapId, accept, context.Inbound.ChannelName);
        switch (result.Outcome)
        {
            case SwapOutcome.Declined:
            {
                var (swap, requester) = (result.Swap!, result.Requester!);
                await context.Services.Outbox.EnqueueAsync(Message(context, swap, requester, "declined", "swap_declined_notice", new
                {
                    name = requester.Name,
                    other = context.Member.Name,
                    id = swap.Id,
                    round = result.RequesterRound!.Number,
                }));
                return FlowReply.Finished(context.Say("swap_declined", new { id = swap.Id, name = requester.Name, round = result.CounterpartRound!.Number }));
            }

            case SwapOutcome.Accepted:
            {
                var (swap, requester, counterpart, requesterNow, counterpartNow) = (result.Swap!, result.Requester!, result.Counterpart!, result.CounterpartRound!, result.RequesterRound!);
                var messages = new List<OutboundMessage>
                {
                    Message(context, swap, requester, "accepted", "swap_accepted", new
                    {
                        id = swap.Id, name = counterpart.Name, round = requesterNow.Number, date = context.Date(requesterNow.DueDate), was = counterpartNow.Number,
                    }),
                };
                messages.AddRange(result.Officers.Where(o => o.Id != requester.Id && o.Id != counterpart.Id).Select(officer =>
                    Message(context, swap, officer, "officers", "swap_officer_notice", new
                    {
                        chama = context.Chama.Name,
                        id = swap.Id,
                        requester = requester.Name,
                        requester_round = requesterNow.Number,
                        requester_date = context.Date(requesterNow.DueDate),
                        counterpart = counterpart.Name,
                        counterpart_round = counterpartNow.Number,
                        counterpart_date = context.Date(counterpartNow.DueDate),
                    })));
                await context.Services.Outbox.EnqueueAllAsync(messages);
                return FlowReply.Finished(context.Say("swap_accepted", new
                {
                    id = swap.Id, name = requester.Name, round = counterpartNow.Number, date = context.Date(counterpartNow.DueDate), was = requesterNow.Number,
                }));
            }

            default:
                // The store speaks from the requester's side; the one answering is the counterpart.
                var answering = result.Outcome switch
                {
                    SwapOutcome.Arrears => SwapOutcome.CounterpartArrears,
                    SwapOutcome.CounterpartArrears => SwapOutcome.Arrears,
                    var outcome => outcome,
                };
                return Refused(context, result with { Outcome = answering }, result.Requester?.Seat ?? 0);
        }
    }

    /// <summary>The notice to <paramref name="to"/>, in their language, once per swap, member and event.</summary>
    private static OutboundMessage Message(FlowContext context, SeatSwap swap, Member to, string @event, string template, object model) =>
        new($"swap:{swap.Id}:{to.Id}:{@event}", to.ChamaId, to.Id, to.Phone, context.Services.Texts.Render(to.Language, template, model));

    private static FlowReply Refused(FlowContext context, SwapResult result, int seat) =>
        FlowReply.Finished(context.Say("swap_refused", new
        {
            reason = result.Outcome switch
            {
                SwapOutcome.NoRound => "no_round",
                SwapOutcome.UnknownSeat => "seat",
                SwapOutcome.OwnSeat => "own",
                SwapOutcome.RoundPassed => "passed",
                SwapOutcome.RoundBeingPaid => "paid",
                SwapOutcome.Arrears => "arrears",
                SwapOutcome.CounterpartArrears => "their_arrears",
                SwapOutcome.Expired => "expired",
                SwapOutcome.RoundsChanged => "changed",
                _ => "nothing",
            },
            seat,
            id = result.Swap?.Id ?? 0,
        }));
}
