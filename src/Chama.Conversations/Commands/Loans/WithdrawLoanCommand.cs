using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Loans;

/// <summary><c>WITHDRAW L5</c> / <c>FUTA L5</c>: the borrower withdraws their loan request before it is approved.</summary>
public sealed class WithdrawLoanCommand : ChatCommand<long>
{
    public override string Name => "withdraw_loan";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("WITHDRAW", Language.En, Takes.Arguments),
        new("FUTA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, out long arguments) =>
        DecisionCode.TryParse(text.Words.Count == 2 ? text.Words[1] : null, DecisionKind.Loan.Letter(), out arguments);

    public override async Task<FlowReply> RunAsync(FlowContext context, long arguments)
    {
        string outcome;
        try
        {
            await context.Services.Loans.WithdrawAsync(context.Member, arguments, context.Inbound.ChannelName, LoanTexts.Notices(context.Services.Texts));
            outcome = "withdrawn";
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.LoanNotFound or ChamaError.LoanNotOpen)
        {
            outcome = refused.Error == ChamaError.LoanNotFound ? "not_found" : "not_open";
        }

        return FlowReply.Finished(context.Say("loan_withdraw_reply", new { outcome, code = DecisionKind.Loan.Code(arguments) }));
    }
}
