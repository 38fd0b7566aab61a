using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Commands;
using Chama.Core;

namespace Chama.Conversations.Phones.Founding;

/// <summary>
/// <c>NEW CHAMA</c> (<c>CHAMA MPYA</c>): any phone on WhatsApp starts founding a chama, or resumes the set-up it has
/// open, and is answered in the language of the word it wrote. A member enters the founding flow, so their next
/// messages answer its steps.
/// </summary>
public sealed class NewChamaCommand : PhoneCommand<NewChamaCommand.Arguments>
{
    public override string Name => "new_chama";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("NEW CHAMA", Language.En), new("CHAMA MPYA", Language.Sw)];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = new Arguments();
        return true;
    }

    public override async Task<FlowReply> RunAsync(PhoneContext context, Arguments arguments)
    {
        try
        {
            var draft = await context.Services.Founding.StartAsync(context.Phone, context.Language, context.Inbound.ChannelName);
            if (context.IsMember)
            {
                context.Session.Enter(FoundingFlow.Name);
            }

            return FlowReply.Continue(FoundingScreens.Prompt(context, draft, hint: ""));
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.OnboardingClosed or ChamaError.FoundingLimitReached)
        {
            return FlowReply.Finished(context.Say("founding_refused", new { reason = FoundingScreens.Reason(refused.Error), limit = Data.Founding.FoundingStore.DailyLimit }));
        }
    }

    /// <summary>The command takes nothing after its words.</summary>
    public sealed record Arguments;
}
