using System.Diagnostics;
using System.Net;
using Chama.Bot.Benchmarks.Databases;
using Chama.Bot.Benchmarks.Scenarios;
using Chama.Bot.Demo;
using Chama.Core;
using Chama.Data;
using Chama.Data.Chamas;
using Chama.Data.Cycles;

namespace Chama.Bot.Benchmarks;

/// <summary>
/// One run: a host over a fresh database, seeded, then every chosen scenario's warm-up, capacity and open-loop phases.
/// Runs of several engines or chama counts are this, one after the other, in one process.
/// </summary>
internal static class WebhookRun
{
    public static async Task<RunResult> RunAsync(BenchmarkOptions options, RunDatabase database, int extraChamas, TimeSpan warmUp)
    {
        await using var host = new BenchmarkHost(database);
        host.Start();
        var seeding = Stopwatch.StartNew();
        var seeded = await MemberSeed.SeedAsync(host.Get<ChamaStore>(), host.Get<CycleStore>(), extraChamas, options.MembersPerChama, CancellationToken.None);
        IReadOnlyList<string> phones = [.. DemoSeed.Members.Select(m => PhoneNumber.Parse(m.Phone).E164), .. seeded];
        var chamas = extraChamas + 1;
        Report.Header(host.BaseAddress, database.Description, chamas, phones.Count, seeding.Elapsed);
        var sendingStk = options.Scenarios.Count(name => name is "stk" or "mixed");
        if (sendingStk > 0)
        {
            var preparing = Stopwatch.StartNew();
            var requests = StkCallbackScenario.RequestsFor(sendingStk * (options.FirstWarmUp + options.CapacityDuration + options.Duration));
            await StkCallbackScenario.PrepareAsync(host.Get<IDatabase>(), requests);
            Report.Line($"  Prepared {requests:N0} sent STK payment requests, dealt to the {chamas:N0} chamas in turn, in {preparing.Elapsed.TotalSeconds:0.0} s");
        }

        Report.Line("");
        using var client = CreateClient(host.BaseAddress);
        var all = CreateScenarios(phones).ToList();
        var stk = all.Single(s => s.Name == "stk");
        var scenarios = all.Where(s => options.Scenarios.Contains(s.Name)).ToList();

        var results = new List<PhaseResult>();
        var capacity = new Dictionary<string, PhaseResult>();
        var openLoop = new Dictionary<string, PhaseResult>();

        // Warm-up: JIT, tiered compilation, connection pool and the database's page cache, all discarded.
        foreach (var scenario in scenarios)
        {
            Report.Line($"warm-up   {scenario.Name}: {scenario.Description}, {warmUp.TotalSeconds:0.#} s");
            var warm = await ClosedLoopRunner.RunAsync(client, scenario, "warm-up", options.Workers, warmUp);
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

        var ledgerAgrees = await CheckSettlementsAsync(host.Get<IDatabase>(), stk);
        var run = new RunResult(database.Provider, chamas, results, capacity, openLoop, ledgerAgrees);
        Report.Line("");
        Report.Table(results);
        Report.Aims(run);
        return run;
    }

    /// <summary>Every STK callback sent (alone or inside the mixed load) settled its own request, and in how many chamas.</summary>
    private static async Task<bool> CheckSettlementsAsync(IDatabase database, Scenario stk)
    {
        if (stk.Built == 0)
        {
            return true;
        }

        await SettleAsync();
        var (settled, chamas) = await StkCallbackScenario.SettledAsync(database);
        var agrees = settled == stk.Built;
        Report.Line(agrees
            ? $"STK: {stk.Built:N0} callbacks sent settled {settled:N0} payment requests in {chamas:N0} chamas."
            : $"STK: {stk.Built:N0} callbacks sent but {settled:N0} payment requests settled (in {chamas:N0} chamas): the run is NOT clean.");
        return agrees;
    }

    /// <summary>
    /// Half the bare endpoint's capacity when the scenario sustains it; otherwise half its own capacity: above capacity
    /// the queue only grows, and the latencies measured would be the phase's length.
    /// </summary>
    private static (double Rate, string Why) OpenLoopRate(BenchmarkOptions options, string scenario, Dictionary<string, PhaseResult> capacity, double? bareHalfRate)
    {
        var own = Math.Max(1, Math.Round(capacity[scenario].Throughput / 2));
        if (options.Rate is { } given)
        {
            return (given, "from --rate");
        }

        if (bareHalfRate is not { } bareHalf)
        {
            return (own, "half its own capacity (bare not measured)");
        }

        return scenario == "bare" || bareHalf <= 0.9 * capacity[scenario].Throughput
            ? (bareHalf, "half the bare endpoint's capacity")
            : (own, "half its own capacity");
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

    /// <summary>Between phases: let the last answers and the database's writes finish, and start each phase with a collected heap.</summary>
    private static async Task SettleAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
