using System.CommandLine;
using Chama.Core;

namespace Chama.Bot.Cli;

/// <summary><c>member add</c> and <c>member list</c>.</summary>
public static class MemberCommands
{
    public static Command Create(Lazy<Task<CliContext>> context)
    {
        var group = new Command("member", "Add and list a chama's members.");
        group.Subcommands.Add(AddCommand(context));
        group.Subcommands.Add(ListCommand(context));
        return group;
    }

    private static Command AddCommand(Lazy<Task<CliContext>> context)
    {
        var chamaCode = ChamaOption();
        var name = new Option<string>("--name") { Description = "The member's name, up to 60 characters.", Required = true };
        var phone = new Option<string>("--phone") { Description = "Mobile number: 0712 000 001, 254712000001, +254712000001, or another country's with its code (+44 7911 123456).", Required = true };
        var seat = new Option<int>("--seat") { Description = "Seat in the rotation (1-based, unique in the chama): the order members receive the pot.", Required = true };
        var roles = new Option<string[]>("--role") { Description = "Officer role; repeat for several.", DefaultValueFactory = _ => ["member"] };
        roles.AcceptOnlyFromAmong("member", "treasurer", "chair", "secretary");
        var language = new Option<string>("--language") { Description = "The language the bot speaks to the member.", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "sw");
        var receivePhone = new Option<string?>("--receive-phone") { Description = "Where M-Pesa payouts go, when not the contact phone." };

        var command = new Command("add", "Add a member to a chama.") { chamaCode, name, phone, seat, roles, language, receivePhone };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var cli = await context.Value;
            var chama = await cli.ChamaByCodeAsync(parsed.GetRequiredValue(chamaCode), cancellationToken);
            var member = await cli.Chamas.AddMemberAsync(
                chama.Id,
                new NewMember(
                    parsed.GetRequiredValue(name),
                    parsed.GetRequiredValue(phone),
                    parsed.GetValue(seat),
                    CliValues.Roles(parsed.GetRequiredValue(roles)),
                    CliValues.Language(parsed.GetRequiredValue(language)),
                    parsed.GetValue(receivePhone)),
                OperatorCli.Actor,
                cancellationToken);
            await cli.Output.WriteLineAsync(
                $"Added {member.Name} to {chama.Code} on seat {member.Seat}: {member.Phone}, {CliValues.Describe(member.Roles)}, {member.Language.ToString().ToLowerInvariant()}.");
            return 0;
        });
        return command;
    }

    private static Command ListCommand(Lazy<Task<CliContext>> context)
    {
        var chamaCode = ChamaOption();
        var command = new Command("list", "List a chama's members in seat order.") { chamaCode };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var cli = await context.Value;
            var chama = await cli.ChamaByCodeAsync(parsed.GetRequiredValue(chamaCode), cancellationToken);
            foreach (var member in await cli.Chamas.GetMembersAsync(chama.Id, cancellationToken))
            {
                var left = member.Active ? "" : "  (left)";
                await cli.Output.WriteLineAsync($"{member.Seat,3}  {member.Name}  {member.Phone}  {CliValues.Describe(member.Roles)}  {member.Language.ToString().ToLowerInvariant()}{left}");
            }

            return 0;
        });
        return command;
    }

    internal static Option<string> ChamaOption() => new("--chama") { Description = "The chama's code, for example UMOJA.", Required = true };
}
