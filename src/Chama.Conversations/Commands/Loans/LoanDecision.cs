using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Loans;

/// <summary>An officer's decision on a guaranteed loan: <c>APPROVE L5</c> or <c>REJECT L5 &lt;reason&gt;</c>.</summary>
public sealed class LoanDecision : IDecisionHandler
{
    public char Letter => DecisionKind.Loan.Letter();

    public async Task<FlowReply> DecideAsync(FlowContext context, long id, Decision decision, string? reason)
    {
        var result = await context.Services.Loans.DecideAsync(
            context.Member, id, decision, reason, context.Inbound.ChannelName, LoanTexts.Notices(context.Services.Texts));
        return FlowReply.Finished(DecisionTexts.Outcome(
            context.Services.Texts, context.Member.Language, result.Outcome, DecisionKind.Loan, id, result.Loan?.Approvals ?? 0, result.Loan?.Required ?? 0, context.IsUssd));
    }
}
