using Chama.Conversations.Commands.Screens;
using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary>The main menu: its screen, and its numbered choices, each the same as a command's word.</summary>
public static class MainMenu
{
    public static string Render(FlowContext context, string hint)
    {
        string Menu(string shown) =>
            context.Say("menu", new { hint = shown, chama = context.Short(context.Chama.Name, 24), officer = context.Member.IsOfficer, several = context.Memberships.Count > 1, lends = context.Chama.Constitution.Lending.Lends });

        // An officer of several chamas with a long name has a menu that leaves no room on one USSD screen for a hint as
        // well: there the menu itself is the answer.
        var menu = Menu(hint);
        return context.IsUssd && hint.Length > 0 && menu.Length + "CON ".Length > ScreenFit.UssdGatewayLimit ? Menu("") : menu;
    }

    /// <summary>What a number typed on the main menu does; anything else shows the menu again, with a hint when it was not a greeting.</summary>
    public static Task<FlowReply> ChooseAsync(FlowContext context, string input)
    {
        var choice = Input.TryParseChoice(input, 10, out var number) ? number : 0;
        return choice switch
        {
            1 => StartFlowCommand.StartAsync(context, ChatFlows.Pay),
            2 => new BalanceCommand().RunAsync(context),
            3 => new PendingCommand().RunAsync(context),
            4 => StartFlowCommand.StartAsync(context, ChatFlows.Welfare),
            5 => LanguageCommand.SwitchAsync(context, context.Member.Language == Language.En ? Language.Sw : Language.En),
            6 when context.Member.IsOfficer => StartFlowCommand.StartAsync(context, ChatFlows.Approvals),
            7 when context.Memberships.Count > 1 => new SwitchChamaCommand().RunAsync(context),
            8 => StatementScreen.ShowAsync(context, page: 1),
            9 when context.Member.IsOfficer => StartFlowCommand.StartAsync(context, ChatFlows.Record),
            10 when context.Chama.Constitution.Lending.Lends => StartFlowCommand.StartAsync(context, ChatFlows.Loan),
            _ => Task.FromResult(Again(context, input)),
        };
    }

    private static FlowReply Again(FlowContext context, string input)
    {
        // A first message or an empty one (a media-only WhatsApp, the USSD dial) gets the menu; anything else a hint too.
        var greeting = input.Length == 0 || context.Session.Stored.LastReply is null || Input.Is(input, Input.Back);
        return FlowReply.Continue(Render(context, greeting ? "" : context.Say("hint_unknown")));
    }
}
