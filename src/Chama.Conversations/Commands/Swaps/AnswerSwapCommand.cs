using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Swaps;

namespace Chama.Conversations.Commands.Swaps;

/// <summary>
/// <c>ACCEPT SWAP</c> or <c>DECLINE SWAP</c> (<c>KUBALI ZAMU</c> / <c>KATAA ZAMU</c>), optionally with the swap's number:
/// the member asked by <see cref="SwapCommand"/> answers that swap, or the latest one waiting for them. A swap is answered
/// with these words, never with APPROVE or REJECT, which are the officers'.
/// </summary>
public sealed class AnswerSwapCommand : ChatCommand<AnswerSwapCommand.Arguments>
{
    /// <summary>Accept or decline, and the swap when named (else the latest waiting).</summary>
    public sealed record Arguments(bool Accept, long? SwapId);

    private static readonly Dictionary<string, bool> Answers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ACCEPT SWAP"] = true,
        ["KUBALI ZAMU"] = true,
        ["DECLINE SWAP"] = false,
        ["KATAA ZAMU"] = false,
    };

    public override string Name => "answer-swap";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("ACCEPT SWAP", Language.En, Takes.Either),
        new("DECLINE SWAP", Language.En, Takes.Either),
        new("KUBALI ZAMU", Language.Sw, Takes.Either),
        new("KATAA ZAMU", Language.Sw, Takes.Either),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var accept = Answers[$"{text.Words[0]} {text.Words[1]}"];
        arguments = text.Words.Count == 2
            ? new Arguments(accept, null)
            : long.TryParse(text.Rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var swapId)
                ? new Arguments(accept, swapId)
                : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var result = await context.Services.Swaps.AnswerAsync(context.Member, arguments.SwapId, arguments.Accept, context.Inbound.ChannelName, answered => Answered(context, answered));
        switch (result.Outcome)
        {
            case SwapOutcome.Declined:
                return FlowReply.Finished(context.Say("swap_declined", new { id = result.Swap!.Id, name = result.Requester!.Name, round = result.CounterpartRound!.Number }));
            case SwapOutcome.Accepted:
                return FlowReply.Finished(context.Say("swap_accepted", SwapNotices.AcceptedModel(result.Swap!, result.Requester!, now: result.RequesterRound!, was: result.CounterpartRound!)));
            case SwapOutcome.HeldForOfficers:
                return FlowReply.Finished(context.Say("swap_held", Held(result, result.Counterpart!)));
            default:
                return SwapRefusal.Reply(context, result, result.Requester?.Seat ?? 0);
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
}
