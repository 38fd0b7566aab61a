using Chama.Core;

namespace Chama.Conversations.Commands.Screens;

/// <summary>
/// <c>PENDING</c> (<c>WADAIWA</c>), or 3 on the main menu: one screen with the current round's defaulters in seat order
/// and what each owes, when the constitution lets members see it (officers always may).
/// </summary>
public sealed class PendingCommand : PlainCommand
{
    public override string Name => "pending";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("PENDING", Language.En), new("WADAIWA", Language.Sw)];

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        if (!context.Member.IsOfficer && !context.Chama.Constitution.MembersMaySeePending)
        {
            return FlowReply.Finished(context.Say("pending_hidden", new { chama = context.Short(context.Chama.Name, 30) }));
        }

        if (await context.Services.Cycles.FindCurrentRoundAsync(context.Chama.Id, context.Today) is not { } round)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        var summary = await context.Services.Ledger.GetRoundSummaryAsync(round.Id);
        var collected = context.Say("collected", new { collected = summary.Collected.ToString(), expected = summary.ExpectedPot.FormatAmount() });
        var defaulters = summary.Defaulters;
        if (defaulters.Count == 0)
        {
            return FlowReply.Finished(context.Say("pending_none", new { round = round.Number, collected }));
        }

        return FlowReply.Finished(ScreenFit.Longest(defaulters.Count, context.IsUssd, shown => context.Say("pending", new
        {
            round = round.Number,
            count = defaulters.Count,
            defaulters = defaulters.Take(shown).Select(d => new { name = context.Short(d.Member.Name, 16), owes = Owes(d, context) }).ToList(),
            more = defaulters.Count - shown,
            collected,
        })));
    }

    // USSD screens are tight: the amount without the currency, which the collected line states.
    private static string Owes(MemberRoundStatus status, FlowContext context) =>
        context.IsUssd ? status.Remainder.FormatAmount() : status.Remainder.ToString();
}
