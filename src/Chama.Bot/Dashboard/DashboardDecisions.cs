using Chama.Conversations.Commands.Joins;
using Chama.Conversations.Commands.Recording;
using Chama.Conversations.Commands.ShareOuts;
using Chama.Conversations.Commands.Swaps;
using Chama.Conversations.Flows;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>
/// What an officer's decision on the dashboard came to, and the count after it; <see cref="Text"/> words a refusal
/// particular to its kind (a welfare request closed, a quorum that could not be reached) instead of the outcome map.
/// </summary>
public sealed record Decided(VoteOutcome Outcome, int Approvals = 0, int Required = 0, string? Text = null);

/// <summary>
/// An officer's decision made on the approvals page, by the same store call the chat's APPROVE and REJECT use for each
/// kind (the same quorum, exclusions, audit with channel "dashboard", notices and effect). A new kind of decision is one
/// more case here and its section on the page.
/// </summary>
public static class DashboardDecisions
{
    public static async Task<Decided> DecideAsync(
        OfficerSeat seat, DecisionKind kind, long id, Decision decision, string? reason, ApprovalPages.Sources sources, CancellationToken cancellationToken)
    {
        var officer = seat.Officer;
        var channel = DashboardEndpoints.Channel;
        switch (kind)
        {
            case DecisionKind.Pot or DecisionKind.Welfare:
                var (outcome, after) = await sources.Approvals.DecideAsync(
                    officer, kind == DecisionKind.Pot ? ApprovalKind.Pot : ApprovalKind.Welfare, id, decision, reason, channel, cancellationToken);

                // A welfare request the fund can no longer pay is closed, and its requester and the officers are told.
                if (outcome == DecisionOutcome.CannotPay && kind == DecisionKind.Welfare
                    && await sources.Welfare.CloseUnpayableAsync(
                        officer, id, channel, (closure, officers) => WelfareFlow.ClosedNotices(sources.Texts, closure, officers), cancellationToken) is { } closed)
                {
                    return new Decided(VoteOutcome.CannotMake, Text: WelfareFlow.ClosedText(sources.Texts, officer.Language, closed, requester: false));
                }

                return new Decided(VoteOutcomes.Of(outcome, after), after?.Approvals ?? 0, after?.Required ?? 0);
            case DecisionKind.Rule:
                try
                {
                    var (ruleOutcome, proposal) = await sources.Rules.DecideAsync(officer, id, decision, reason, channel, cancellationToken);
                    return new Decided(VoteOutcomes.Of(ruleOutcome), proposal?.Approvals ?? 0, proposal?.Required ?? 0);
                }
                catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
                {
                    return new Decided(VoteOutcome.CannotMake, Text: QuorumText.For(sources.Texts, officer.Language, check));
                }

            case DecisionKind.Join:
                var joined = await sources.Joins.DecideAsync(
                    officer, id, decision, reason, channel, result => JoinNotices.For(sources.Texts, seat.Chama.Name, result), cancellationToken);
                return new Decided(VoteOutcomes.Of(joined.Outcome), joined.Proposal?.Approvals ?? 0, joined.Proposal?.Required ?? 0);
            case DecisionKind.Swap:
                var swapped = await sources.Swaps.DecideAsync(
                    officer, id, decision, reason, channel, result => SwapNotices.Decided(sources.Texts, seat.Chama.Name, officer, result, reason), cancellationToken);
                return new Decided(VoteOutcomes.Of(swapped.Outcome), swapped.Quorum.Approvals, swapped.Quorum.Required);
            case DecisionKind.Role or DecisionKind.PayoutPhone:
                try
                {
                    var changed = await sources.Changes.DecideAsync(
                        officer, kind, id, decision, reason, channel, result => MemberChangeNotices.For(sources.Texts, seat.Chama, result), cancellationToken);
                    return new Decided(VoteOutcomes.Of(changed.Outcome), changed.Change?.Approvals ?? 0, changed.Change?.Required ?? 0);
                }
                catch (ChamaException refused) when (refused.Facts is QuorumCheck check)
                {
                    return new Decided(VoteOutcome.CannotMake, Text: QuorumText.For(sources.Texts, officer.Language, check));
                }
            case DecisionKind.Correction:
                var corrected = await sources.Corrections.DecideAsync(
                    officer, id, decision, reason, channel, RecordingNotices.Reversed(sources.Texts, seat.Chama.Name), cancellationToken);
                return new Decided(VoteOutcomes.Of(corrected.Outcome), corrected.Correction?.Approvals ?? 0, corrected.Correction?.Required ?? 0);
            case DecisionKind.Loan:
                var lent = await sources.Loans.DecideAsync(officer, id, decision, reason, channel, LoanTexts.Notices(sources.Texts), cancellationToken);
                return new Decided(lent.Outcome, lent.Loan?.Approvals ?? 0, lent.Loan?.Required ?? 0);
            case DecisionKind.ShareOut:
                var shared = await sources.ShareOuts.DecideAsync(
                    officer, id, decision, reason, channel, ShareOutTexts.Approved(sources.Texts, seat.Chama.Name), cancellationToken);
                return new Decided(VoteOutcomes.Of(shared.Outcome), shared.ShareOut?.Approvals ?? 0, shared.ShareOut?.Required ?? 0);
            default:
                return new Decided(VoteOutcome.NotOpen);
        }
    }
}
