using Chama.Conversations.Commands;
using Chama.Conversations.Commands.Chat;
using Chama.Core;

namespace Chama.Conversations;

/// <summary>Reads a message as one of <see cref="ChatCommands.All"/> (through a <see cref="WordIndex{TCommand, TCall}"/>).</summary>
public static class Keywords
{
    private static readonly WordIndex<IChatCommand, CommandCall> Index = new(ChatCommands.All, (command, _, text) => command.Read(text));

    /// <summary>
    /// The one place where a channel decides which commands it reads. USSD is a keypad: numbered menus and amounts, and
    /// <c>00</c> for the main menu; no keyword command is read from a USSD <c>text</c>, because the gateway's phone number
    /// is not proof of who typed, and whatever an officer decides on USSD goes through the numbered approvals menu and its PIN.
    /// </summary>
    public static CommandCall? Read(string input, Channel channel) => channel switch
    {
        Channel.Ussd => Input.Is(input, MenuCommand.Keypad) ? Read(MenuCommand.Keypad) : null,
        _ => Read(input),
    };

    /// <summary>The command a WhatsApp message is, or null when it is none (it is then an answer to the flow or the menu).</summary>
    public static CommandCall? Read(string input) => Index.Read(input);

    /// <summary>Reads a held swap's code, <c>S5</c> (also for the dashboard).</summary>
    public static bool TryParseSwapCode(string text, out long swapId) => DecisionCode.TryParse(text, 'S', out swapId);
}
