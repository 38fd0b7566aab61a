using System.CommandLine;
using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Bot.Cli;

/// <summary><c>cycle start</c>: the next cycle of a chama, one round per active member in seat order.</summary>
public static class CycleCommands
{
    public static Command Create(Lazy<Task<CliContext>> context)
    {
        var group = new Command("cycle", "Start a chama's cycles.");
        group.Subcommands.Add(StartCommand(context));
        return group;
    }

    private static Command StartCommand(Lazy<Task<CliContext>> context)
    {
        var chamaCode = MemberCommands.ChamaOption();
        var starts = new Option<string>("--starts") { Description = "The first round's due date, YYYY-MM-DD; later rounds follow the meeting frequency.", Required = true };
        var command = new Command("start", "Start the next cycle with the members now in the chama.") { chamaCode, starts };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var startsOn = CliValues.IsoDate("--starts", parsed.GetRequiredValue(starts));
            var cli = await context.Value;
            var chama = await cli.ChamaByCodeAsync(parsed.GetRequiredValue(chamaCode), cancellationToken);

            Cycle cycle;
            try
            {
                cycle = await cli.Cycles.StartReadyCycleAsync(chama.Id, startsOn, OperatorCli.Actor, started => CycleTexts.StartedNotices(cli.Texts, started), cancellationToken);
            }
            catch (ChamaException refused) when (refused is { Error: ChamaError.CycleNotReady, Facts: CycleReadiness readiness })
            {
                throw new ChamaException(refused.Error, CycleTexts.NotReady(cli.Texts, Language.En, readiness, day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            var members = (await cli.Chamas.GetMembersAsync(chama.Id, cancellationToken)).ToDictionary(m => m.Id);
            var rounds = await cli.Cycles.GetRoundsAsync(cycle.Id, cancellationToken);
            await cli.Output.WriteLineAsync($"Started cycle {cycle.Number} of {chama.Code}: {rounds.Count} round{(rounds.Count == 1 ? "" : "s")} of {cycle.Contribution} per member.");
            foreach (var round in rounds)
            {
                await cli.Output.WriteLineAsync($"{round.Number,3}  {round.DueDate:yyyy-MM-dd}  {members[round.RecipientMemberId].Name}  pot {round.ExpectedPot}");
            }

            return 0;
        });
        return command;
    }
}
