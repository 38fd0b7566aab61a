using System.CommandLine;

namespace Chama.Bot.Cli;

/// <summary>
/// <c>chama account bank</c> names the chama's bank account; <c>chama account cash</c> names the officer who holds its
/// cash (the first treasurer until then). The operator's terminal, audited as <c>cli</c>; money already recorded stays
/// where it was.
/// </summary>
public static class AccountCommands
{
    public static Command Create(Lazy<Task<CliContext>> context)
    {
        var group = new Command("account", "Name where the chama's money sits besides M-Pesa: its bank account, and who holds its cash.");
        group.Subcommands.Add(BankCommand(context));
        group.Subcommands.Add(CashCommand(context));
        return group;
    }

    private static Command BankCommand(Lazy<Task<CliContext>> context)
    {
        var chama = new Option<string>("--chama") { Description = "The chama's code.", Required = true };
        var name = new Option<string>("--name") { Description = "The bank and the account number, as members know it (Equity 0123456789).", Required = true };
        var command = new Command("bank", "Name the chama's bank account.") { chama, name };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var cli = await context.Value;
            var group = await cli.ChamaByCodeAsync(parsed.GetRequiredValue(chama), cancellationToken);
            await cli.Accounts.OpenBankAsync(group.Id, parsed.GetRequiredValue(name), OperatorCli.Actor, cancellationToken);
            await cli.Output.WriteLineAsync($"{group.Code}'s bank account is {parsed.GetRequiredValue(name).Trim()}: transfers are recorded with BANK <reference>.");
            return 0;
        });
        return command;
    }

    private static Command CashCommand(Lazy<Task<CliContext>> context)
    {
        var chama = new Option<string>("--chama") { Description = "The chama's code.", Required = true };
        var seat = new Option<int>("--seat") { Description = "The seat of the officer who holds the chama's cash.", Required = true };
        var command = new Command("cash", "Name the officer who holds the chama's cash.") { chama, seat };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var cli = await context.Value;
            var group = await cli.ChamaByCodeAsync(parsed.GetRequiredValue(chama), cancellationToken);
            await cli.Accounts.NameCashHolderAsync(group.Id, parsed.GetValue(seat), OperatorCli.Actor, cancellationToken);
            await cli.Output.WriteLineAsync($"{group.Code}'s cash is held by the officer on seat {parsed.GetValue(seat)}.");
            return 0;
        });
        return command;
    }
}
