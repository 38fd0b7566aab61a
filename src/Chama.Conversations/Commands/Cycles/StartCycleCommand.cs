using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Text;

namespace Chama.Conversations.Commands.Cycles;

/// <summary>
/// <c>START CYCLE 2026-12-20</c> (<c>ANZA MZUNGUKO 20/12/2026</c>): an officer starts the chama's next cycle with its first
/// meeting on that date (without one, on the first meeting chosen when the chama was founded), once it is ready
/// (<see cref="CycleReadiness"/>): the refusal lists every condition still missing.
/// Every member is told their round. A date not understood is answered with the usage.
/// </summary>
public sealed class StartCycleCommand : ChatCommand<StartCycleCommand.Arguments>
{
    /// <summary>The first meeting's date as typed, or null when none was given.</summary>
    public sealed record Arguments(string? StartsOn);

    public override string Name => "start-cycle";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("START CYCLE", Language.En, Takes.Either),
        new("ANZA MZUNGUKO", Language.Sw, Takes.Either),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = new Arguments(text.Rest);
        return true;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        if (!context.Member.IsOfficer)
        {
            return Say(context, "officer");
        }

        // Without a date, the first meeting the founder chose when the chama was set up.
        DateOnly startsOn;
        if (arguments.StartsOn is null && context.Chama.FirstMeeting is { } planned)
        {
            startsOn = planned;
        }
        else if (!DateInput.TryParse(arguments.StartsOn, context.Today, out startsOn))
        {
            return Say(context, "usage");
        }

        try
        {
            var cycle = await context.Services.Cycles.StartReadyCycleAsync(
                context.Chama.Id, startsOn, context.Actor, started => CycleTexts.StartedNotices(context.Services.Texts, started));
            var rounds = await context.Services.Cycles.GetRoundsAsync(cycle.Id);
            var members = await context.Services.Chamas.GetMembersAsync(context.Chama.Id);
            return Say(context, "started", cycle.Number, rounds.Count, CycleTexts.Schedule(rounds, members, context.Date));
        }
        catch (ChamaException refused) when (refused is { Error: ChamaError.CycleNotReady, Facts: CycleReadiness readiness })
        {
            return FlowReply.Finished(CycleTexts.NotReady(context.Services.Texts, context.Member.Language, readiness, context.Date));
        }
        catch (ChamaException refused) when (refused.Error == ChamaError.ActiveCycleExists)
        {
            var running = await context.Services.Cycles.FindActiveCycleAsync(context.Chama.Id);
            return Say(context, "running", running?.Number ?? 0);
        }
    }

    private static FlowReply Say(FlowContext context, string reason, int cycle = 0, int rounds = 0, string schedule = "") =>
        FlowReply.Finished(context.Say("cycle_start", new
        {
            reason,
            chama = context.Chama.Name,
            cycle,
            rounds,
            schedule,
            example = context.Today.AddDays(7).ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture),
        }));
}
