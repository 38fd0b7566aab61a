using System.Diagnostics.CodeAnalysis;
using Chama.Core;

namespace Chama.Conversations.Commands.Payouts;

/// <summary>
/// <c>RECEIVED P3</c> (<c>NIMEPOKEA P3</c>): the recipient of a payout paid from the cash or the bank says it reached
/// them. Until they do, the officers see it as not yet received once <see cref="ManualPayout.ConfirmationDue"/> has passed.
/// </summary>
public sealed class ReceivedCommand : ChatCommand<ReceivedCommand.Arguments>
{
    public sealed record Arguments(string Code);

    public override string Name => "received";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("RECEIVED", Language.En, Takes.Arguments),
        new("NIMEPOKEA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = text.Words.Count == 2 && ApprovalSubject.TryParseCode(text.Words[1], out _, out _) ? new Arguments(text.Words[1].ToUpperInvariant()) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        try
        {
            var paid = await context.Services.Payouts.ConfirmReceivedAsync(context.Member, arguments.Code, context.Inbound.ChannelName);
            return FlowReply.Finished(context.Say("payout_confirmed", new { code = paid.Payout.Code, amount = paid.Payout.Amount.ToString(), reference = paid.Reference }));
        }
        catch (ChamaException refused) when (refused.Error == ChamaError.NotYourPayout)
        {
            return FlowReply.Finished(context.Say("payout_confirm_refused", new { code = arguments.Code }));
        }
    }
}
