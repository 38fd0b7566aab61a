using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Cycles;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>
/// The messages about a member joining the running cycle, queued in the transaction that records the proposal or the
/// vote (by reply or on the dashboard): the other officers hear of a proposal and of its decision, and the joiner hears
/// of their first round, what they pay and when they receive the pot.
/// </summary>
public static class JoinNotices
{
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
                    yield return Message(texts, proposal.Member, $"cycle-join:{proposal.Id}:{proposal.Member.Id}", "join_notice", Model(chamaName, result, proposal.Member));
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

    private static OutboundMessage Message(MessageTexts texts, Member to, string key, string template, object model) =>
        new(key, to.ChamaId, to.Id, to.Phone, texts.Render(to.Language, template, model));

    private static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
