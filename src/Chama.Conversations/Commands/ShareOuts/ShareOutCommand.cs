using Chama.Core;

namespace Chama.Conversations.Commands.ShareOuts;

/// <summary>
/// <c>SHAREOUT</c> / <c>GAWIO</c>: an officer proposes the year-end share-out (code <c>Y2</c>); the table is computed
/// from the books and sent to every member before the officers decide with <c>APPROVE Y2</c>. A member who is not an
/// officer is shown their line of the share-out waiting for the officers, if there is one.
/// </summary>
public sealed class ShareOutCommand : PlainCommand
{
    public override string Name => "shareout";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("SHAREOUT", Language.En, Takes.Nothing),
        new("GAWIO", Language.Sw, Takes.Nothing),
    ];

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        if (!context.Member.IsOfficer)
        {
            return await context.Services.ShareOuts.GetOpenAsync(context.Chama.Id) is { } open
                ? FlowReply.Finished(context.Say("share_out_proposed", ShareOutTexts.Table(open, context.Chama.Name, context.Member)))
                : Refused(context, "none");
        }

        try
        {
            var proposed = await context.Services.ShareOuts.ProposeAsync(
                context.Member, context.Inbound.ChannelName, ShareOutTexts.Proposed(context.Services.Texts, context.Chama.Name));
            return FlowReply.Finished(context.Say("share_out_proposed", ShareOutTexts.Table(proposed, context.Chama.Name, context.Member)));
        }
        catch (ChamaException refused) when (refused.Error == ChamaError.ShareOutNotPossible)
        {
            return refused.Facts is ProposedShareOut waiting ? Refused(context, "open", waiting.Code) : Refused(context, "nothing");
        }
        catch (ChamaException refused) when (refused.Error == ChamaError.NotAnOfficer)
        {
            return Refused(context, "officer");
        }
    }

    private static FlowReply Refused(FlowContext context, string reason, string code = "") =>
        FlowReply.Finished(context.Say("share_out_refused", new { reason, code }));
}
