using System.Net;
using Chama.Bot.Benchmarks;
using Chama.Bot.Benchmarks.Scale;
using Chama.Bot.Benchmarks.Scenarios;
using Chama.Bot.Demo;
using Chama.Core;
using Chama.Data;
using Chama.Data.Chamas;
using Chama.Data.Cycles;

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
        using var host = new BenchmarkHost(options);
        host.Start();
        var seeded = await MemberSeed.SeedAsync(host.Get<ChamaStore>(), host.Get<CycleStore>(), options.Chamas, options.MembersPerChama, CancellationToken.None);
        IReadOnlyList<string> phones = [.. DemoSeed.Members.Select(m => PhoneNumber.Parse(m.Phone).E164), .. seeded];
        if (options.Scenarios.Contains("stk") || options.Scenarios.Contains("mixed"))
        {
            // More pushes than the fastest run can settle: every callback finds its own request.
            await StkCallbackScenario.PrepareAsync(host.Get<IDatabase>(), 400_000);
        }

        using var client = CreateClient(host.BaseAddress);
        var scenarios = CreateScenarios(phones).Where(s => options.Scenarios.Contains(s.Name)).ToList();
        Report.Header(options, host.BaseAddress, host.DatabaseDescription, phones.Count);

        var results = new List<PhaseResult>();
        var capacity = new Dictionary<string, PhaseResult>();
        var openLoop = new Dictionary<string, PhaseResult>();

        // Warm-up: JIT, tiered compilation, connection pool and SQLite's page cache, all discarded.
        foreach (var scenario in scenarios)
        {
            Report.Line($"warm-up   {scenario.Name}: {scenario.Description}");
            var warm = await ClosedLoopRunner.RunAsync(client, scenario, "warm-up", options.Workers, options.WarmUp);
            if (!warm.Clean)
            {
                Report.Line($"  warm-up errors: {string.Join("; ", warm.ErrorSamples)}");
            }
        }

        // The bare endpoint first: its capacity sets the default arrival rate for everyone.
        foreach (var scenario in scenarios.OrderBy(s => s.Name == "bare" ? 0 : 1))
        {
            await SettleAsync();
            Report.Line($"capacity  {scenario.Name}: {options.Workers} workers for {options.CapacityDuration.TotalSeconds:0.#} s");
            capacity[scenario.Name] = await ClosedLoopRunner.RunAsync(client, scenario, "capacity", options.Workers, options.CapacityDuration);
            results.Add(capacity[scenario.Name]);
        }

        double? bareHalfRate = capacity.TryGetValue("bare", out var bare) ? Math.Round(bare.Throughput / 2) : null;
        foreach (var scenario in scenarios)
        {
            var (rate, why) = OpenLoopRate(options, scenario.Name, capacity, bareHalfRate);
            await SettleAsync();
            Report.Line($"open loop {scenario.Name}: {rate:0} req/s, {why}, for {options.Duration.TotalSeconds:0.#} s");
            openLoop[scenario.Name] = await OpenLoopRunner.RunAsync(client, scenario, rate, options.Duration);
            results.Add(openLoop[scenario.Name]);
        }

        Report.Line("");
        Report.Table(results);
        Report.Aims(capacity, openLoop, bareHalfRate);
        Report.Memory();

        var clean = results.All(r => r.Clean);
        Report.Line(clean ? "Run clean: no errors." : "Run NOT clean: some requests failed or got the wrong answer (see above); its figures do not count.");
        return clean ? 0 : 1;
    }

    /// <summary>
    /// The aim's rate is half the bare endpoint's capacity. A scenario that cannot sustain it is run at half its own
    /// capacity instead: above capacity the queue only grows, and the latencies measured would be the phase's length.
    /// </summary>
    private static (double Rate, string Why) OpenLoopRate(BenchmarkOptions options, string scenario, Dictionary<string, PhaseResult> capacity, double? bareHalfRate)
    {
        var own = Math.Max(1, Math.Round(capacity[scenario].Throughput / 2));
        if (options.Rate is { } given)
        {
            return (given, "from --rate");
        }

        if (bareHalfRate is not { } aim)
        {
            return (own, "half its own capacity (bare not measured)");
        }

        return scenario == "bare" || aim <= 0.9 * capacity[scenario].Throughput
            ? (aim, "half the bare endpoint's capacity (the aim's rate)")
            : (own, $"half its own capacity, since the aim's rate ({aim:0} req/s) is more than it sustains");
    }

    /// <summary>One client for every phase, as a gateway keeps its connections: enough of them never to queue in the client.</summary>
    private static HttpClient CreateClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 4096,
        PooledConnectionLifetime = TimeSpan.FromHours(1),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static IEnumerable<Scenario> CreateScenarios(IReadOnlyList<string> phones)
    {
        var ussd = UssdBalanceScenario.Create(phones, BenchmarkHost.UssdServiceCode);
        var whatsapp = WhatsAppBalanceScenario.Create(phones, BenchmarkHost.PublicBaseUrl, BenchmarkHost.AuthToken, BenchmarkHost.AccountSid);
        var stk = StkCallbackScenario.Create(BenchmarkHost.CallbackToken);
        return [ussd, whatsapp, stk, MixedScenario.Create([ussd, whatsapp, stk]), BareScenario.Create(phones)];
    }

    /// <summary>Between phases: let the last answers and the database's writer finish, and start each phase with a collected heap.</summary>
    private static async Task SettleAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
