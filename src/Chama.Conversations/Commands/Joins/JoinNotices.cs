using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Cycles;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Joins;

/// <summary>
/// The messages about a member joining the running cycle, queued in the transaction that records the proposal or the
/// vote (by reply or on the dashboard): the other officers hear of a proposal and of its decision, and the joiner hears
/// of their first round, what they pay and when they receive the pot.
/// </summary>
public static class JoinNotices
{
    private const string JoinTemplate = "join_notice";

    public static IEnumerable<OutboundMessage> For(MessageTexts texts, string chamaName, JoinResult result)
    {
        if (result.Proposal is not { } proposal || result.Officer is not { } actor)
        {
            yield break;
        }

        var others = result.Officers.Where(o => o.Id != actor.Id && o.Id != proposal.Member.Id).ToList();
        switch (result.Outcome)
        {
            case JoinOutcome.Recorded when proposal.Decisions.Count == 1:
                foreach (var officer in others)
                {
                    yield return Message(texts, officer, $"cycle-join:{proposal.Id}:proposed:{officer.Id}", "join_proposal_notice", Model(chamaName, result, officer));
                }

                break;
            case JoinOutcome.Joined or JoinOutcome.Rejected:
                var decision = result.Outcome == JoinOutcome.Joined ? "joined" : "rejected";
                foreach (var officer in others)
                {
                    yield return Message(texts, officer, $"cycle-join:{proposal.Id}:{decision}:{officer.Id}", "join_decided_notice", Model(chamaName, result, officer));
                }

                if (result.Outcome == JoinOutcome.Joined)
                {
                    yield return JoinerNotice(texts, chamaName, result);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>What every join template may show, for the person it is written to.</summary>
    public static object Model(string chamaName, JoinResult result, Member to)
    {
        var proposal = result.Proposal!;
        return new
        {
            name = to.Name,
            chama = chamaName,
            officer = result.Officer?.Name ?? "",
            member = proposal.Member.Name,
            seat = proposal.Member.Seat,
            code = proposal.Code,
            amount = result.Contribution?.ToString() ?? "",
            round = result.FirstRound?.Number ?? 0,
            due_date = result.FirstRound is { } first ? Date(first.DueDate) : "",
            own_round = result.OwnRound?.Number ?? 0,
            own_date = result.OwnRound is { } own ? Date(own.DueDate) : "",
            approvals = proposal.Approvals,
            required = proposal.Required,
            joined = result.Outcome == JoinOutcome.Joined,
            rejected = result.Outcome == JoinOutcome.Rejected,
            reason = result.Reason ?? "",
        };
    }

    /// <summary>
    /// The joiner's notice, with the approved WhatsApp template's variables (<c>Twilio:ContentSids:join_notice</c>: name,
    /// chama, amount, first round, its date, own round, its date), since a new joiner may not have written lately.
    /// </summary>
    private static OutboundMessage JoinerNotice(MessageTexts texts, string chamaName, JoinResult result)
    {
        var member = result.Proposal!.Member;
        var message = Message(texts, member, $"cycle-join:{result.Proposal.Id}:{member.Id}", JoinTemplate, Model(chamaName, result, member));
        return message with
        {
            Template = JoinTemplate,
            VariablesJson = OutboundMessage.Positional(
                member.Name, chamaName, result.Contribution?.ToString() ?? "", Number(result.FirstRound?.Number), result.FirstRound is { } first ? Date(first.DueDate) : "",
                Number(result.OwnRound?.Number), result.OwnRound is { } own ? Date(own.DueDate) : ""),
        };
    }

    private static string Number(int? round) => (round ?? 0).ToString(CultureInfo.InvariantCulture);

    private static OutboundMessage Message(MessageTexts texts, Member to, string key, string template, object model) =>
        new(key, to.ChamaId, to.Id, to.Phone, texts.Render(to.Language, template, model));

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
