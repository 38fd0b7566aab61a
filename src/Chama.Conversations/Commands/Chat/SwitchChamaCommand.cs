using Chama.Conversations.Flows;

namespace Chama.Conversations.Commands.Chat;

/// <summary><c>CHAMA</c>, or 7 on the main menu: a member of several chamas chooses again which one the conversation is about.</summary>
public sealed class SwitchChamaCommand : PlainCommand
{
    public override string Name => "chama";

    /// <summary>The same word in English and Swahili.</summary>
    public override IReadOnlyList<CommandWord> Words { get; } = [new("CHAMA", null)];

    /// <summary>For a member of one chama the word is no command: it is read by the flow or the menu like any answer.</summary>
    public override bool AppliesTo(FlowContext context) => context.Memberships.Count > 1;

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        context.Session.MemberId = null;
        context.Session.Enter(ChooseChamaFlow.Name);
        return FlowReply.Continue(await ChooseChamaFlow.PromptAsync(context.Services, context.Memberships, context.IsUssd));
    }
}
