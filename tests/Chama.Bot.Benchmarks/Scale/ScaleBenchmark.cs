using System.Diagnostics;
using System.Globalization;
using Chama.Bot.Hosting;
using Chama.Core;
using Chama.Data;
using Chama.Data.Conversations;
using Chama.Data.Ledger;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Benchmarks.Scale;

/// <summary>
/// <c>--scale</c>: a database the size of a large deployment (built once, kept at its path), then the reads members
/// wait on, through the real stores: a balance check (the phone's memberships and session, then the member's
/// statement, as the BALANCE reply reads them) and a round summary (what the pending list reads), each timed over
/// many random members and rounds, one at a time.
/// </summary>
internal static class ScaleBenchmark
{
    public static readonly TimeSpan Aim = TimeSpan.FromMilliseconds(5);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var settings = options.DatabaseSettings(DefaultConnection(options.ScaleChamas));
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddChamaData(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<SessionStore>()
            .AddSingleton<MemberStatements>()
            .BuildServiceProvider();
        var database = services.GetRequiredService<IDatabase>();

        Console.WriteLine("Chama.Bot scale benchmark");
        Console.WriteLine($"  database: {settings["Database:Provider"]}, {settings["ConnectionStrings:Chama"]}");
        await database.MigrateAsync();
        var contributions = ScaleSeed.ContributionsFor(options.ScaleChamas);
        if (await ScaleSeed.IsSeededAsync(database, options.ScaleChamas))
        {
            Console.WriteLine($"  already seeded: {options.ScaleChamas:N0} chamas, {options.ScaleChamas * ScaleSeed.MembersEach:N0} members, {contributions:N0} contributions");
        }
        else
        {
            Console.WriteLine($"  seeding {options.ScaleChamas:N0} chamas, {options.ScaleChamas * ScaleSeed.MembersEach:N0} members, {contributions:N0} contributions in one transaction…");
            var took = await ScaleSeed.SeedAsync(database, options.ScaleChamas, Console.WriteLine);
            Console.WriteLine($"  seeded in {took.TotalSeconds:0.0} s ({contributions / took.TotalSeconds:N0} contributions/s)");
        }

        if (SqliteFile(settings) is { } file)
        {
            Console.WriteLine($"  file: {new FileInfo(file).Length / 1048576.0:0} MB");
        }

        var sessions = services.GetRequiredService<SessionStore>();
        var statements = services.GetRequiredService<MemberStatements>();
        var ledger = services.GetRequiredService<ContributionLedger>();
        var members = options.ScaleChamas * ScaleSeed.MembersEach;
        var rounds = options.ScaleChamas * 2 * ScaleSeed.MembersEach;

        async Task BalanceAsync(Random random)
        {
            var phone = PhoneNumber.Parse($"+2547{random.Next(1, members + 1):D8}");
            var (_, memberships) = await sessions.FindWithMembershipsAsync("whatsapp", phone.E164, phone);
            var statement = await statements.FindAsync(memberships[0], ScaleSeed.Today) ?? throw new InvalidOperationException($"No statement for {phone.Masked}.");
            if (statement.Paid.Minor != ScaleSeed.PaidActiveRounds * ScaleSeed.ContributionMinor)
            {
                throw new InvalidOperationException($"Statement of {phone.Masked} shows {statement.Paid} paid.");
            }
        }

        async Task SummaryAsync(Random random)
        {
            var summary = await ledger.GetRoundSummaryAsync(random.Next(1, rounds + 1));
            if (summary.Members.Count != ScaleSeed.MembersEach)
            {
                throw new InvalidOperationException($"Round summary with {summary.Members.Count} members.");
            }
        }

        Console.WriteLine($"  load average before timing: {Report.LoadAverage()} ({Environment.ProcessorCount} cores; tails on a shared machine include other processes' work)");
        Console.WriteLine($"  {options.Samples:N0} samples each, one at a time, random members and rounds (after {options.Samples / 10:N0} warm-up samples)");
        Console.WriteLine();
        var balance = await TimeAsync(BalanceAsync, options.Samples);
        var summary = await TimeAsync(SummaryAsync, options.Samples);
        Console.WriteLine(string.Format(Invariant, "{0,-14} {1,8} {2,8} {3,8} {4,9} {5,8}  {6}", "read", "count", "p50 ms", "p99 ms", "p99.9 ms", "max ms", $"under {Aim.TotalMilliseconds:0} ms"));
        var met = Row("balance check", balance) & Row("round summary", summary);
        Console.WriteLine($"  load average after: {Report.LoadAverage()}");
        Console.WriteLine();
        await ExplainAsync(database, settings);
        Console.WriteLine(met ? "Both reads are under the aim at p99.9." : "Not every read is under the aim at p99.9.");
        return met ? 0 : 1;
    }

    private static string DefaultConnection(int chamas) =>
        $"Data Source={Path.Combine(Path.GetTempPath(), "chama-bot-scale", $"scale-{chamas}.db")}";

    private static async Task<LatencyRecorder> TimeAsync(Func<Random, Task> read, int samples)
    {
        var random = new Random(20261125);
        for (var i = 0; i < samples / 10; i++)
        {
            await read(random);
        }

        var recorder = new LatencyRecorder();
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await read(random);
            recorder.Record(Stopwatch.GetElapsedTime(started));
        }

        return recorder;
    }

    private static bool Row(string name, LatencyRecorder latency)
    {
        Console.WriteLine(string.Format(Invariant, "{0,-14} {1,8} {2,8:0.000} {3,8:0.000} {4,9:0.000} {5,8:0.000}  {6}",
            name,
            latency.Count,
            latency.Percentile(50).TotalMilliseconds,
            latency.Percentile(99).TotalMilliseconds,
            latency.Percentile(99.9).TotalMilliseconds,
            latency.Max.TotalMilliseconds,
            string.Join(", ", new[] { 50, 99, 99.9 }.Select(p => $"p{p.ToString(Invariant)} {(latency.Percentile(p) < Aim ? "yes" : "NO")}"))));
        return latency.Percentile(99.9) < Aim;
    }

    /// <summary>SQLite's plans for the balance check's and the summary's queries: every step should use an index.</summary>
    private static async Task ExplainAsync(IDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        if (SqliteFile(settings) is null)
        {
            return;
        }

        string[] queries =
        [
            "SELECT id, chama_id FROM members WHERE phone = '+254700000001' AND active = 1",
            "SELECT id FROM members WHERE id IN (SELECT recipient_member_id FROM rounds WHERE cycle_id = 2) ORDER BY seat",
            "SELECT round_id, SUM(amount_minor) FROM pot_movements WHERE member_id = 1 AND round_id IN (SELECT r.id FROM rounds r JOIN cycles c ON c.id = r.cycle_id WHERE c.chama_id = 1 AND c.status = 'Active') GROUP BY round_id",
            "SELECT member_id, kind, SUM(amount_minor) FROM pot_movements WHERE round_id = 1 GROUP BY member_id, kind",
            "SELECT COALESCE(SUM(amount_minor), 0) FROM contributions WHERE member_id = 1 AND fund = 'Welfare' AND id NOT IN (SELECT contribution_id FROM fine_payments)",
        ];
        Console.WriteLine("Query plans (SQLite):");
        foreach (var query in queries)
        {
            var plan = await database.ReadAsync((connection, transaction) => connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + query, transaction: transaction));
            Console.WriteLine($"  {query[..Math.Min(90, query.Length)]}…");
            foreach (var step in plan)
            {
                Console.WriteLine($"    {step.Detail}");
            }
        }

        Console.WriteLine();
    }

    private static string? SqliteFile(IReadOnlyDictionary<string, string?> settings) =>
        string.Equals(settings["Database:Provider"], "Sqlite", StringComparison.OrdinalIgnoreCase)
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings["ConnectionStrings:Chama"]).DataSource
            : null;
}
