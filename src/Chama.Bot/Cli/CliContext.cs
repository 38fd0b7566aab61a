using Chama.Bot.Hosting;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data;
using Chama.Data.Accounts;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Founding;

namespace Chama.Bot.Cli;

/// <summary>The database, migrated, and the stores a command needs; opened only when a command runs (not for --help).</summary>
public sealed class CliContext : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private CliContext(ServiceProvider services, TextWriter output)
    {
        this.services = services;
        Output = output;
        Chamas = services.GetRequiredService<ChamaStore>();
        Cycles = services.GetRequiredService<CycleStore>();
        Accounts = services.GetRequiredService<AccountStore>();
        Founding = services.GetRequiredService<FoundingStore>();
    }

    /// <summary>The members' texts, for the notices an operator's action sends (a cycle started).</summary>
    public MessageTexts Texts { get; } = MessageTexts.LoadEmbedded();

    public TextWriter Output { get; }

    public ChamaStore Chamas { get; }

    public CycleStore Cycles { get; }

    public AccountStore Accounts { get; }

    public FoundingStore Founding { get; }

    public static async Task<CliContext> OpenAsync(IConfiguration configuration, TextWriter output, TimeProvider? clock, CancellationToken cancellationToken)
    {
        var registrations = new ServiceCollection().AddChamaData(configuration);
        if (clock is not null)
        {
            registrations.AddSingleton(clock);
        }

        var services = registrations.BuildServiceProvider();
        try
        {
            await services.GetRequiredService<IDatabase>().MigrateAsync(cancellationToken);
            return new CliContext(services, output);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>The chama a <c>--chama CODE</c> option names; refused with a clear message when there is none.</summary>
    public async Task<ChamaGroup> ChamaByCodeAsync(string code, CancellationToken cancellationToken) =>
        await Chamas.FindChamaByCodeAsync(code, cancellationToken)
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama with the code '{code.Trim()}' (see 'chama list').");

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
