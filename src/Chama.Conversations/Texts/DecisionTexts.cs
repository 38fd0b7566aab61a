using Chama.Core;

namespace Chama.Conversations.Texts;

/// <summary>The one way an officer's vote is told, in the chat and on the dashboard: <c>decision_outcome</c>, by outcome and kind.</summary>
public static class DecisionTexts
{
    public static string Outcome(
        MessageTexts texts, Language language, VoteOutcome outcome, DecisionKind kind, long id, int approvals = 0, int required = 0, bool ussd = false) =>
        texts.Render(language, "decision_outcome", new { outcome = outcome.Key(), kind = kind.Key(), code = kind.Code(id), approvals, required }, ussd);
}
