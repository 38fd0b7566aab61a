using Chama.Conversations.Commands;
using Chama.Conversations.Commands.Invitations;
using Chama.Conversations.Phones.Founding;

namespace Chama.Conversations.Phones;

/// <summary>
/// Every command a phone may send whether or not it is a member, registered once, and the flows a phone may be in
/// outside any membership. The engine reads these before the member's own commands and flows.
/// </summary>
public static class PhoneCommands
{
    public static IReadOnlyList<IPhoneCommand> All { get; } =
    [
        new NewChamaCommand(),
        new AnswerInvitationCommand(),
    ];

    /// <summary>The flows that may claim a phone's message that is no command, asked in this order.</summary>
    public static IReadOnlyList<IPhoneFlow> Flows { get; } =
    [
        new FoundingFlow(),
        new InvitationUssdFlow(),
    ];

    private static readonly WordIndex<IPhoneCommand, PhoneCall> Index = new(All, (command, word, text) => command.Read(text, word));

    /// <summary>The phone command a message is; none on USSD, whose keypad reads no words.</summary>
    public static PhoneCall? Read(string input, Channel channel) => channel == Channel.Ussd ? null : Index.Read(input);
}

/// <summary>A conversation a phone may be in outside any membership (founding a chama, answering an invitation on USSD).</summary>
public interface IPhoneFlow
{
    /// <summary>Its answer when the message is the flow's to answer (the phone is in it, or may start it here), else null.</summary>
    Task<FlowReply?> TryAnswerAsync(PhoneContext context, string input);
}
