using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary><c>MENU</c>, a greeting (<c>HI</c>, <c>HABARI</c>…) or the keypad's <c>00</c>: leaves any flow for the main menu.</summary>
public sealed class MenuCommand : PlainCommand
{
    /// <summary>The main menu on a keypad; the only command USSD reads (<see cref="Keywords.Read(string, Channel)"/>).</summary>
    public const string Keypad = "00";

    public override string Name => "menu";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("MENU", Language.En),
        new("HI", Language.En),
        new("HELLO", Language.En),
        new("START", Language.En),
        new("MENYU", Language.Sw),
        new("HABARI", Language.Sw),
        new("JAMBO", Language.Sw),
        new(Keypad, null),
    ];

    public override Task<FlowReply> RunAsync(FlowContext context) => Task.FromResult(FlowReply.ToMenu());
}
