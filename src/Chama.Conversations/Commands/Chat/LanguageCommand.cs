using System.Diagnostics.CodeAnalysis;
using Chama.Core;

namespace Chama.Conversations.Commands.Chat;

/// <summary><c>EN</c>, <c>ENGLISH</c>, <c>KIINGEREZA</c> or <c>SW</c>, <c>SWAHILI</c>, <c>KISWAHILI</c>: the member's language from now on.</summary>
public sealed class LanguageCommand : ChatCommand<LanguageCommand.Arguments>
{
    public sealed record Arguments(Language Language);

    /// <summary>Which language each word asks for (a word's own language is the one it is written in).</summary>
    private static readonly Dictionary<string, Language> Chosen = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EN"] = Language.En,
        ["ENGLISH"] = Language.En,
        ["KIINGEREZA"] = Language.En,
        ["SW"] = Language.Sw,
        ["SWAHILI"] = Language.Sw,
        ["KISWAHILI"] = Language.Sw,
    };

    public override string Name => "language";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("EN", Language.En),
        new("ENGLISH", Language.En),
        new("SW", Language.En),
        new("SWAHILI", Language.En),
        new("KIINGEREZA", Language.Sw),
        new("KISWAHILI", Language.Sw),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = new Arguments(Chosen[text.Words[0]]);
        return true;
    }

    public override Task<FlowReply> RunAsync(FlowContext context, Arguments arguments) => SwitchAsync(context, arguments.Language);

    /// <summary>Keeps the language, and shows the main menu in it (also 5 on the menu, which toggles).</summary>
    public static async Task<FlowReply> SwitchAsync(FlowContext context, Language language)
    {
        await context.Services.Chamas.SetLanguageAsync(context.Member, language, context.Actor);
        var switched = context.With(context.Member with { Language = language });
        // The menu is said in the new language, which the engine's context does not know yet: the whole screen is answered here.
        return FlowReply.Continue(MainMenu.Render(switched, switched.Say("language_set")));
    }
}
