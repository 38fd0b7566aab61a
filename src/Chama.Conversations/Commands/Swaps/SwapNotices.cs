using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Swaps;

namespace Chama.Conversations.Commands.Swaps;

/// <summary>
/// The messages a swap's events send, each in its reader's language and once (keyed by swap, member and event): shared by
/// the chat, the dashboard and the lapse scheduler, so an officer's decision tells the same people wherever it is taken.
/// </summary>
public static class SwapNotices
{
    /// <summary>After an officer's decision: a rejection tells both members; the approval that made the swap tells both and the other officers.</summary>
    public static List<OutboundMessage> Decided(MessageTexts texts, string chamaName, Member officer, SwapResult result, string? reason)
    {
        var (swap, requester, counterpart) = (result.Swap!, result.Requester!, result.Counterpart!);
        return result.Outcome switch
        {
            SwapOutcome.Rejected => [.. new[] { requester, counterpart }.Select(member => Message(texts, swap, member, "rejected", "swap_rejected_notice", new
            {
                id = swap.Id, officer = officer.Name, reason = reason?.Trim() ?? "",
            }))],
            SwapOutcome.Accepted => Exchanged(texts, chamaName, officer.Id, result, notifyCounterpart: true),
            _ => [],
        };
    }

    /// <summary>
    /// The notices of a swap just made: the requester (and the counterpart, unless they are the one answering) told
    /// their new round, and every officer who is neither a party nor <paramref name="senderId"/> told both.
    /// </summary>
    public static List<OutboundMessage> Exchanged(MessageTexts texts, string chamaName, long senderId, SwapResult result, bool notifyCounterpart)
    {
        // The exchange has happened: the requester now has the counterpart's round and the other way round.
        var (swap, requester, counterpart, requesterNow, counterpartNow) = (result.Swap!, result.Requester!, result.Counterpart!, result.CounterpartRound!, result.RequesterRound!);
        var messages = new List<OutboundMessage> { Message(texts, swap, requester, "accepted", "swap_accepted", AcceptedModel(swap, counterpart, requesterNow, counterpartNow)) };
        if (notifyCounterpart)
        {
            messages.Add(Message(texts, swap, counterpart, "accepted", "swap_accepted", AcceptedModel(swap, requester, counterpartNow, requesterNow)));
        }

        var told = new HashSet<long> { senderId, requester.Id, counterpart.Id };
        messages.AddRange(result.Officers.Where(o => !told.Contains(o.Id)).Select(officer =>
            Message(texts, swap, officer, "officers", "swap_officer_notice", new
            {
                chama = chamaName,
                id = swap.Id,
                requester = requester.Name,
                requester_round = requesterNow.Number,
                requester_date = Date(requesterNow.DueDate),
                counterpart = counterpart.Name,
                counterpart_round = counterpartNow.Number,
                counterpart_date = Date(counterpartNow.DueDate),
            })));
        return messages;
    }

    /// <summary>A held swap lapsed undecided: both members and every other active officer are told, once each.</summary>
    public static List<OutboundMessage> Lapsed(MessageTexts texts, string chamaName, HeldSwap lapsed)
    {
        var (swap, requester, counterpart, first) = (lapsed.Swap, lapsed.Requester, lapsed.Counterpart, lapsed.FirstDue);
        var id = swap.Id.ToString(CultureInfo.InvariantCulture);
        var round = first.Number.ToString(CultureInfo.InvariantCulture);
        var date = Date(first.DueDate);

        // Lapses are told unprompted, so each carries its approved WhatsApp template's variables (Twilio:ContentSids).
        OutboundMessage ToMember(Member to, Member other, Round yours) => new(
            SeatSwapStore.LapseNoticeKey(swap.Id, to.Id),
            swap.ChamaId,
            to.Id,
            to.Phone,
            texts.Render(to.Language, "swap_lapsed", new { name = to.Name, id = swap.Id, other = other.Name, round = first.Number, date, yours = yours.Number }),
            "swap_lapsed",
            OutboundMessage.Positional(to.Name, id, other.Name, round, date, yours.Number.ToString(CultureInfo.InvariantCulture)));
        var messages = new List<OutboundMessage> { ToMember(requester, counterpart, lapsed.RequesterRound), ToMember(counterpart, requester, lapsed.CounterpartRound) };
        messages.AddRange(lapsed.Officers.Where(o => o.Id != requester.Id && o.Id != counterpart.Id).Select(officer => new OutboundMessage(
            SeatSwapStore.LapseNoticeKey(swap.Id, officer.Id),
            swap.ChamaId,
            officer.Id,
            officer.Phone,
            texts.Render(officer.Language, "swap_lapsed_notice", new
            {
                chama = chamaName,
                id = swap.Id,
                requester = requester.Name,
                requester_round = lapsed.RequesterRound.Number,
                counterpart = counterpart.Name,
                counterpart_round = lapsed.CounterpartRound.Number,
                round = first.Number,
                date,
            }),
            "swap_lapsed_notice",
            OutboundMessage.Positional(chamaName, id, requester.Name, counterpart.Name, round, date))));
        return messages;
    }

    public static object AcceptedModel(SeatSwap swap, Member other, Round now, Round was) =>
        new { id = swap.Id, name = other.Name, round = now.Number, date = Date(now.DueDate), was = was.Number };

    /// <summary>The notice to <paramref name="to"/>, in their language, once per swap, member and event.</summary>
    public static OutboundMessage Message(MessageTexts texts, SeatSwap swap, Member to, string @event, string template, object model) =>
        new($"swap:{swap.Id}:{to.Id}:{@event}", to.ChamaId, to.Id, to.Phone, texts.Render(to.Language, template, model));

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
