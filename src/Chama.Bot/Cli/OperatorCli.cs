using System.CommandLine;
using System.CommandLine.Help;
using System.Data.Common;
using Chama.Bot.Hosting;
using Chama.Core;
using Chama.Data;

namespace Chama.Bot.Cli;

/// <summary>
/// Set-up from the command line for operators with many chamas: <c>chama</c>, <c>member</c> and <c>cycle</c> commands run
/// against the configured database (migrated first) instead of starting the web host. Every change goes through the
/// same stores, and so the same validation and audit, as the bot itself.
/// </summary>
public static class OperatorCli
{
    /// <summary>Who the audit trail names for changes made here.</summary>
    public static readonly Actor Actor = Actor.System("cli");

    private static readonly string[] Commands = ["chama", "member", "cycle"];

    /// <summary>True when the first argument names a command of this CLI (or asks for its help).</summary>
    public static bool Handles(IReadOnlyList<string> args) =>
        args.Count > 0 && (Commands.Contains(args[0], StringComparer.Ordinal) || args[0] is "--help" or "-h" or "-?");

    /// <summary>Runs one command with the host's own configuration (appsettings, environment variables).</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration, Console.Out, Console.Error);

    /// <summary>Runs one command; 0 when it did what was asked, 1 with one line on <paramref name="error"/> when not.</summary>
    /// <param name="clock">The clock the stores read (the system's when null; a test's fake one).</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var context = new Lazy<Task<CliContext>>(() => CliContext.OpenAsync(configuration, output, clock, cancellationToken));
        var root = new RootCommand("Set up chamas, members and cycles in the bot's database. Without a command, the web host starts.");
        root.Subcommands.Add(ChamaCommands.Create(context));
        root.Subcommands.Add(MemberCommands.Create(context));
        root.Subcommands.Add(CycleCommands.Create(context));

        var parsed = root.Parse(args);
        try
        {
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                await error.WriteLineAsync($"{OneLine(parsed.Errors[0].Message)} (see '{CommandPath(parsed)} --help')");
                return 1;
            }

            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (ChamaException refused)
        {
            await error.WriteLineAsync(OneLine(refused.Message));
            return 1;
        }
        catch (DbException failure)
        {
            await error.WriteLineAsync($"The database refused the change: {failure.Message}");
            return 1;
        }
        catch (InvalidOperationException misconfigured)
        {
            // A configuration the host cannot run with (an unsupported Database:Provider): say so, as the host would at start.
            await error.WriteLineAsync(misconfigured.Message);
            return 1;
        }
        finally
        {
            if (context.IsValueCreated && context.Value.IsCompletedSuccessfully)
            {
                await context.Value.Result.DisposeAsync();
            }
        }
    }

    /// <summary>The parser lists allowed values on lines of their own; an error here is one line.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return string.Join(' ', names.Prepend("Chama.Bot"));
    }
}
