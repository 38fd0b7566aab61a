using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Conversations.Commands.Loans;

/// <summary>
/// <c>GUARANTEE L5</c> / <c>DHAMINI L5</c> accepts, <c>REFUSE L5</c> / <c>SIDHAMINI L5</c> declines guaranteeing loan L5.
/// (<c>DECLINE</c> and <c>KATAA</c> are taken: an invitation's refusal and an officer's rejection.)
/// </summary>
public sealed class GuaranteeCommand : ChatCommand<GuaranteeCommand.Arguments>
{
    public sealed record Arguments(bool Accept, long LoanId);

    public override string Name => "guarantee";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("GUARANTEE", Language.En, Takes.Arguments),
        new("REFUSE", Language.En, Takes.Arguments),
        new("DHAMINI", Language.Sw, Takes.Arguments),
        new("SIDHAMINI", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var accept = text.Words[0].ToUpperInvariant() is "GUARANTEE" or "DHAMINI";
        arguments = text.Words.Count == 2 && DecisionCode.TryParse(text.Words[1], DecisionKind.Loan.Letter(), out var id) ? new Arguments(accept, id) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var code = DecisionKind.Loan.Code(arguments.LoanId);
        string outcome;
        var pledge = "";
        try
        {
            var (answer, loan) = await context.Services.Loans.AnswerAsync(
                context.Member, arguments.LoanId, arguments.Accept, context.Inbound.ChannelName, LoanTexts.Notices(context.Services.Texts));
            pledge = loan.Guarantees.Single(g => g.Member.Id == context.Member.Id).Pledge.ToString();
            outcome = answer switch
            {
                GuaranteeOutcome.AllAccepted => "all_accepted",
                GuaranteeOutcome.AlreadyAnswered => "already",
                _ => answer.ToString().ToLowerInvariant(),
            };
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.LoanNotFound or ChamaError.LoanNotOpen or ChamaError.GuarantorSavingsShort)
        {
            outcome = refused.Error switch
            {
                ChamaError.LoanNotFound => "not_found",
                ChamaError.LoanNotOpen => "not_open",
                _ => "savings_short",
            };
        }

        return FlowReply.Finished(context.Say("loan_guarantee_reply", new { outcome, code, pledge }));
    }
}
