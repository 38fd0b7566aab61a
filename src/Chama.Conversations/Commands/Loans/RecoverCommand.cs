using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Loans;

/// <summary>
/// <c>RECOVER L5</c> (<c>FIDIA L5</c>): an officer proposes recovering defaulted loan 5 from its guarantors' pledged
/// savings (decision <c>K5</c>). The officers decide under their quorum with <c>APPROVE K5</c>; the borrower and the
/// guarantors never count. Carried, each pledge is moved onto the loan once and everyone concerned is told.
/// </summary>
public sealed class RecoverCommand : ChatCommand<RecoverCommand.Arguments>
{
    /// <summary>The loan as written (<c>L5</c>), and its number when it reads as one.</summary>
    public sealed record Arguments(string Loan, long? LoanId);

    public override string Name => "recover";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("RECOVER", Language.En, Takes.Arguments),
        new("FIDIA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var loan = text.Words[1].ToUpperInvariant();
        arguments = new Arguments(loan, DecisionCode.TryParse(loan, 'L', out var id) && id > 0 ? id : null);
        return true;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        if (!context.Member.IsOfficer)
        {
            return Answer(context, "officer", arguments.Loan);
        }

        if (arguments.LoanId is not { } loanId)
        {
            return Answer(context, "usage", arguments.Loan);
        }

        var result = await context.Services.Recoveries.ProposeAsync(
            context.Member, loanId, context.Inbound.ChannelName, LoanLifeNotices.Recovered(context.Services.Texts, context.Chama.Name));
        switch (result.Outcome)
        {
            case RecoveryOutcome.Unknown:
                return Answer(context, "unknown", arguments.Loan);
            case RecoveryOutcome.NotDefaulted:
                return Answer(context, "not_defaulted", arguments.Loan);
            case RecoveryOutcome.Closed:
                return Answer(context, "closed", arguments.Loan);
            case RecoveryOutcome.NotAnOfficer:
                return Answer(context, "officer", arguments.Loan);
            case RecoveryOutcome.AlreadyProposed:
                return Answer(context, "proposed_already", arguments.Loan, result);
            case RecoveryOutcome.Recovered:
                return FlowReply.Finished(Texts.DecisionTexts.Outcome(
                    context.Services.Texts, context.Member.Language, VoteOutcome.Carried, DecisionKind.Recovery, loanId, ussd: context.IsUssd));
        }

        await TellOfficersAsync(context, result);
        return Answer(context, "proposed", arguments.Loan, result);
    }

    /// <summary>The other officers are asked to decide, each in their language; those the loan concerns are told they cannot vote.</summary>
    private static async Task TellOfficersAsync(FlowContext context, RecoveryResult result)
    {
        var recovery = result.Recovery!;
        var officers = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).Where(m => m.IsOfficer && m.Active && m.Id != context.Member.Id);
        foreach (var officer in officers)
        {
            await context.Services.Outbox.EnqueueAsync(new OutboundMessage(
                $"recovery-proposed:{recovery.LoanId}:{recovery.Attempt}:{officer.Id}",
                officer.ChamaId,
                officer.Id,
                officer.Phone,
                context.Services.Texts.Render(officer.Language, "loan_recover", Model(context, "proposed", recovery.Code, result, officer.Name, voter: !recovery.Ballot.Excluded.Contains(officer.Id)))));
        }
    }

    private static FlowReply Answer(FlowContext context, string outcome, string loan, RecoveryResult? result = null) =>
        FlowReply.Finished(context.Say("loan_recover", Model(context, outcome, loan, result, context.Member.Name, voter: false)));

    private static object Model(FlowContext context, string outcome, string loan, RecoveryResult? result, string name, bool voter)
    {
        var life = result?.Loan;
        var position = life?.Position(NairobiTime.Today(context.Services.Clock), context.Chama.Constitution.GraceDays);
        return new
        {
            outcome,
            voter,
            name,
            chama = context.Chama.Name,
            officer = context.Member.Name,
            loan = life?.Code ?? loan,
            code = result?.Recovery?.Code ?? "",
            borrower = life?.Borrower.Name ?? "",
            owed = position is null ? "" : LoanLifeNotices.Owed(position).ToString(),
            pledges = life is null ? "" : LoanLifeNotices.Pledged(life).ToString(),
            approvals = result?.Recovery?.Approvals ?? 0,
            required = result?.Recovery?.Required ?? 0,
        };
    }
}
