using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Swaps;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>SWAP 3</c> (<c>BADILISHA 3</c>): a member asks the member on seat 3 to exchange turns, who answers
/// <c>ACCEPT SWAP</c> or <c>DECLINE SWAP</c> (<c>KUBALI ZAMU</c> / <c>KATAA ZAMU</c>), optionally with the swap's number.
/// Once accepted the two rounds change recipients; both members and the officers are told. A swap with a member in
/// arrears is held, once accepted, for the officers, who decide by <c>APPROVE S5</c> or <c>REJECT S5 &lt;reason&gt;</c>.
/// </summary>
public static class SwapCommand
{
    public static async Task<FlowReply> RequestAsync(FlowContext context, int seat)
    {
        var result = await context.Services.Swaps.RequestAsync(context.Member, seat, context.Inbound.ChannelName, requested => [Asked(context, requested)]);
        if (result.Outcome != SwapOutcome.Requested)
        {
            return Refused(context, result, seat);
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

    public static async Task<FlowReply> AnswerAsync(FlowContext context, bool accept, long? swapId)
    {
        var result = await context.Services.Swaps.AnswerAsync(context.Member, swapId, accept, context.Inbound.ChannelName, answered => Answered(context, answered));
        switch (result.Outcome)
        {
            case SwapOutcome.Declined:
                return FlowReply.Finished(context.Say("swap_declined", new { id = result.Swap!.Id, name = result.Requester!.Name, round = result.CounterpartRound!.Number }));
            case SwapOutcome.Accepted:
                return FlowReply.Finished(context.Say("swap_accepted", SwapNotices.AcceptedModel(result.Swap!, result.Requester!, now: result.RequesterRound!, was: result.CounterpartRound!)));
            case SwapOutcome.HeldForOfficers:
                return FlowReply.Finished(context.Say("swap_held", Held(result, result.Counterpart!)));
            default:
                return Refused(context, result, result.Requester?.Seat ?? 0);
        }
    }

    /// <summary>
    /// Who is told of an answer: a decline tells the requester; a swap made tells the requester and the officers; a swap
    /// held tells the requester and the officers who decide.
    /// </summary>
    private static List<OutboundMessage> Answered(FlowContext context, SwapResult result)
    {
        var (swap, requester, counterpart) = (result.Swap!, result.Requester!, result.Counterpart!);
        switch (result.Outcome)
        {
            case SwapOutcome.Declined:
                return [SwapNotices.Message(context.Services.Texts, swap, requester, "declined", "swap_declined_notice", new
                {
                    name = requester.Name,
                    other = context.Member.Name,
                    id = swap.Id,
                    round = result.RequesterRound!.Number,
                })];
            case SwapOutcome.Accepted:
                return SwapNotices.Exchanged(context.Services.Texts, context.Chama.Name, context.Member.Id, result, notifyCounterpart: false);
            case SwapOutcome.HeldForOfficers:
                var messages = new List<OutboundMessage> { SwapNotices.Message(context.Services.Texts, swap, requester, "held", "swap_held", Held(result, requester)) };
                messages.AddRange(result.Officers.Where(o => o.Id != requester.Id && o.Id != counterpart.Id).Select(officer =>
                    SwapNotices.Message(context.Services.Texts, swap, officer, "held", "swap_held_notice", new
                    {
                        chama = context.Chama.Name,
                        id = swap.Id,
                        requester = requester.Name,
                        requester_round = result.RequesterRound!.Number,
                        counterpart = counterpart.Name,
                        counterpart_round = result.CounterpartRound!.Number,
                        arrears = result.InArrears!.Name,
                        required = result.Quorum.Required,
                    })));
                return messages;
            default:
                return [];
        }
    }

    private static object Held(SwapResult result, Member to) =>
        new { id = result.Swap!.Id, arrears = result.InArrears!.Name, required = result.Quorum.Required, to = to.Name };

    /// <summary>An officer decides on a swap held for the officers: <c>APPROVE S5</c> or <c>REJECT S5 &lt;reason&gt;</c>.</summary>
    public static async Task<FlowReply> DecideAsync(FlowContext context, long swapId, Decision decision, string? reason)
    {
        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return Refused(context, new SwapResult(SwapOutcome.NotHeld), 0, swapId, "no_reason");
        }

        var result = await context.Services.Swaps.DecideAsync(
            context.Member,
            swapId,
            decision,
            reason?.Trim(),
            context.Inbound.ChannelName,
            decided => SwapNotices.Decided(context.Services.Texts, context.Chama.Name, context.Member, decided, reason));
        if (result.Outcome is not (SwapOutcome.ApprovalRecorded or SwapOutcome.Accepted or SwapOutcome.Rejected))
        {
            return Refused(context, result, 0, swapId);
        }

        var (swap, requester, counterpart, requesterWas, counterpartWas) = (result.Swap!, result.Requester!, result.Counterpart!, result.RequesterRound!, result.CounterpartRound!);
        return FlowReply.Finished(context.Say("swap_decided", new
        {
            id = swap.Id,
            state = result.Outcome switch { SwapOutcome.Accepted => "exchanged", SwapOutcome.Rejected => "rejected", _ => "recorded" },
            approvals = result.Quorum.Approvals,
            required = result.Quorum.Required,
            reason = reason?.Trim() ?? "",
            requester = requester.Name,
            requester_round = counterpartWas.Number,
            counterpart = counterpart.Name,
            counterpart_round = requesterWas.Number,
        }));
    }

    private static FlowReply Refused(FlowContext context, SwapResult result, int seat, long? swapId = null, string? why = null)
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
