using Chama.Bot.Benchmarks;
using Chama.Bot.Benchmarks.Databases;
using Chama.Bot.Benchmarks.Scale;

// Not top-level statements: those would declare a second global Program beside the host's.
internal static class BenchmarkMain
{
    public static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException invalid)
        {
            Console.Error.WriteLine(invalid.Message);
            return 2;
        }

        if (options.Scale)
        {
            return await ScaleBenchmark.RunAsync(options);
        }

        // WebApplicationFactory finds the host's content root (src/Chama.Bot, for appsettings.json) through a manifest
        // in the build output, which it looks for in the current directory; `dotnet run` starts in the repository.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        MemoryWatch.Start();
        Report.Title(options);
        await using var databases = new EngineDatabases(options.Connection);
        if (options.Engines.Contains("Postgres"))
        {
            Report.Line("PostgreSQL:");
            foreach (var line in await databases.DescribePostgresAsync())
            {
                Report.Line("  " + line);
            }

            Report.Line("");
        }

        var runs = new List<RunResult>();
        foreach (var engine in options.Engines)
        {
            foreach (var extraChamas in options.ChamaCounts)
            {
                await using var database = await databases.FreshAsync(engine);
                runs.Add(await WebhookRun.RunAsync(options, database, extraChamas, runs.Count == 0 ? options.FirstWarmUp : options.WarmUp));
            }
        }

        Comparison.Print(runs);
        Report.Memory();
        var clean = runs.All(r => r.Clean);
        Report.Line(clean ? "Run clean: no errors." : "Run NOT clean: some requests failed or got the wrong answer (see above); its figures do not count.");
        return clean ? 0 : 1;
    }
}
