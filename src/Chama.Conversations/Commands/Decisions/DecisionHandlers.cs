using Chama.Conversations.Commands.Joins;
using Chama.Conversations.Commands.Loans;
using Chama.Conversations.Commands.Members;
using Chama.Conversations.Commands.Payments;
using Chama.Conversations.Commands.Recording;
using Chama.Conversations.Commands.Rules;
using Chama.Conversations.Commands.ShareOuts;
using Chama.Conversations.Commands.Swaps;
using Chama.Core;

namespace Chama.Conversations.Commands.Decisions;

/// <summary>The decision handlers by the letter of their codes. A new kind of decision is one handler added here.</summary>
public static class DecisionHandlers
{
    public static IReadOnlyList<IDecisionHandler> All { get; } =
    [
        new PayoutDecision(ApprovalKind.Pot),
        new PayoutDecision(ApprovalKind.Welfare),
        new RuleDecision(),
        new SwapDecision(),
        new JoinDecision(),
        new MemberChangeDecision(DecisionKind.Role),
        new MemberChangeDecision(DecisionKind.PayoutPhone),
        new StatementDecision(),
        new CorrectionDecision(),
        new LoanDecision(),
        new ShareOutDecision(),
    ];

    private static readonly Dictionary<char, IDecisionHandler> ByLetter = All.ToDictionary(handler => handler.Letter);

    /// <summary>The handler of a code (<c>P12</c>, <c>r4</c>) and the number it names; false for a code no handler knows.</summary>
    public static bool TryFind(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IDecisionHandler? handler, out long id)
    {
        id = 0;
        var trimmed = code.Trim();
        handler = trimmed.Length > 0 && ByLetter.TryGetValue(char.ToUpperInvariant(trimmed[0]), out var found) ? found : null;
        return handler is not null && DecisionCode.TryParse(trimmed, handler.Letter, out id);
    }
}
