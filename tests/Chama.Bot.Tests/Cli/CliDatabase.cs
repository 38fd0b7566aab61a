using Chama.Bot.Cli;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Chama.Bot.Tests.Cli;

/// <summary>What one CLI run answered: its exit code and what it printed on each stream.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the operator CLI in-process, as the host's entry point does, against a SQLite file in a fresh temporary folder.</summary>
public sealed class CliDatabase : IDisposable
{
    private static readonly string[] Tables = ["chamas", "constitutions", "members", "cycles", "rounds", "audit_log"];

    private readonly string folder = Path.Combine(Path.GetTempPath(), "chama-cli-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(folder, "chama.db");

    /// <summary>The CLI's clock: 1 December 2026, 09:00 in Nairobi.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, []);

    /// <summary>Runs with settings added to the configuration, as environment variables would add them.</summary>
    public async Task<CliResult> RunAsync(string[] args, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Chama"] = $"Data Source={DatabasePath}" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OperatorCli.RunAsync(args, configuration, output, error, Clock);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        return (await connection.QueryAsync<T>(sql)).ToList();
    }

    /// <summary>Row counts of everything set-up writes: equal snapshots mean nothing changed.</summary>
    public async Task<string> SnapshotAsync()
    {
        var counts = new List<string>();
        foreach (var table in Tables)
        {
            counts.Add($"{table}={(await QueryAsync<long>($"SELECT COUNT(*) FROM {table};")).Single()}");
        }

        return string.Join(", ", counts);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
