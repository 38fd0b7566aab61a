using System.CommandLine;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Bot.Cli;

/// <summary><c>chama create</c>, <c>chama list</c>, <c>chama approve</c> and <c>chama account</c>.</summary>
public static class ChamaCommands
{
    public static Command Create(Lazy<Task<CliContext>> context)
    {
        var group = new Command("chama", "Create and list chamas.");
        group.Subcommands.Add(CreateCommand(context));
        group.Subcommands.Add(ListCommand(context));
        group.Subcommands.Add(ApproveCommand(context));
        group.Subcommands.Add(AccountCommands.Create(context));
        return group;
    }

    private static Command CreateCommand(Lazy<Task<CliContext>> context)
    {
        var name = new Option<string>("--name") { Description = "The chama's name, up to 80 characters.", Required = true };
        var code = new Option<string>("--code") { Description = "2 to 8 letters and digits; members use it as the M-Pesa account reference (UMOJA-3).", Required = true };
        var currency = new Option<string>("--currency") { Description = "The ISO 4217 code of the chama's currency: every amount is in it (KES, USD, GBP, EUR, UGX, …). M-Pesa serves KES only.", DefaultValueFactory = _ => Currencies.Kes };
        var contribution = new Option<string>("--contribution") { Description = "Each member's contribution per round, in the chama's currency.", Required = true };
        var frequency = new Option<string>("--frequency") { Description = "How often the chama meets.", DefaultValueFactory = _ => "monthly" };
        frequency.AcceptOnlyFromAmong("weekly", "fortnightly", "monthly");
        var levy = new Option<string>("--welfare-levy") { Description = "Welfare levy per round, in the chama's currency.", DefaultValueFactory = _ => "0" };
        var fine = new Option<string>("--fine") { Description = "Flat late fine, in the chama's currency (0: no fines).", DefaultValueFactory = _ => "0" };
        var approvals = new Option<int>("--approvals") { Description = "Officers' approvals a payout needs.", DefaultValueFactory = _ => Constitution.DefaultApprovalsRequired };
        var grace = new Option<int>("--grace-days") { Description = "Days after a due date before a late fine.", DefaultValueFactory = _ => Constitution.DefaultGraceDays };
        var cooling = new Option<int>("--cooling-off-hours") { Description = "Hours an approved welfare payout waits before it is sent.", DefaultValueFactory = _ => Constitution.DefaultWelfareCoolingOffHours };

        var command = new Command("create", "Create a chama with its constitution.") { name, code, currency, contribution, frequency, levy, fine, approvals, grace, cooling };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var cli = await context.Value;
            var money = Currencies.Parse(parsed.GetRequiredValue(currency));
            var rules = new Constitution(
                CliValues.Amount("--contribution", parsed.GetRequiredValue(contribution), money),
                CliValues.Frequency(parsed.GetRequiredValue(frequency)),
                CliValues.Amount("--welfare-levy", parsed.GetRequiredValue(levy), money, zeroAllowed: true),
                CliValues.Amount("--fine", parsed.GetRequiredValue(fine), money, zeroAllowed: true),
                parsed.GetValue(approvals),
                GraceDays: parsed.GetValue(grace),
                WelfareCoolingOffHours: parsed.GetValue(cooling));
            var chama = await cli.Chamas.CreateChamaAsync(parsed.GetRequiredValue(name), parsed.GetRequiredValue(code), rules, OperatorCli.Actor, cancellationToken);
            await cli.Output.WriteLineAsync(
                $"Created chama {chama.Code} ({chama.Name}): {rules.ContributionAmount} {rules.Frequency.ToString().ToLowerInvariant()}, " +
                $"late fine {rules.LateFine}, {rules.ApprovalsRequired} approvals per payout.");
            return 0;
        });
        return command;
    }

    private static Command ListCommand(Lazy<Task<CliContext>> context)
    {
        var command = new Command("list", "List every chama: code, name, contribution, members.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var cli = await context.Value;
            var chamas = await cli.Chamas.GetChamasAsync(cancellationToken);
            if (chamas.Count == 0)
            {
                await cli.Output.WriteLineAsync("No chamas yet: create one with 'chama create'.");
            }

            foreach (var chama in chamas)
            {
                var members = await cli.Chamas.GetMembersAsync(chama.Id, cancellationToken);
                var rules = chama.Constitution;
                await cli.Output.WriteLineAsync(
                    $"{chama.Code,-8}  {chama.Name}  {rules.ContributionAmount} {rules.Frequency.ToString().ToLowerInvariant()}  {members.Count(m => m.Active)} members");
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>chama approve CODE</c>: with <c>Onboarding:RequireApproval</c> a chama founded from a phone waits for this
    /// before anything may be done in it. Its founder is told through the outbox, in their language.
    /// </summary>
    private static Command ApproveCommand(Lazy<Task<CliContext>> context)
    {
        var code = new Argument<string>("code") { Description = "The code of the chama founded from a phone that waits for approval." };
        var command = new Command("approve", "Approve a chama founded from a phone, so that it can be used; its founder is told.") { code };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var cli = await context.Value;
            var texts = MessageTexts.LoadEmbedded();
            var chama = await cli.Founding.ApproveAsync(
                parsed.GetRequiredValue(code),
                OperatorCli.Actor,
                (approved, founder) => new OutboundMessage(
                    $"chama-approved:{approved.Id}", approved.Id, founder.Id, founder.Phone, texts.Render(founder.Language, "chama_approved", new { chama = approved.Name, code = approved.Code })),
                cancellationToken);
            await cli.Output.WriteLineAsync($"Approved chama {chama.Code} ({chama.Name}); its founder is told.");
            return 0;
        });
        return command;
    }
}
