using System.Globalization;

namespace Chama.Bot.Benchmarks;

/// <summary>The command line: <c>--duration 20 --rate N --scenario ussd,whatsapp,stk,bare --workers 32 --quick</c>.</summary>
/// <remarks>
/// The webhook benchmark is one run per engine and per chama count (<see cref="Engines"/> × <see cref="ChamaCounts"/>),
/// each on a fresh database seeded the same way, in one process one after the other, so their figures compare.
/// </remarks>
internal sealed record BenchmarkOptions
{
    public static readonly string[] AllScenarios = ["ussd", "whatsapp", "stk", "bare"];

    /// <summary>Scenarios run only when named: <c>mixed</c> interleaves ussd, whatsapp and stk (and brings bare along).</summary>
    public static readonly string[] OnRequest = ["mixed"];

    /// <summary>Seconds of each scenario's open-loop phase.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Seconds of each scenario's closed-loop capacity phase.</summary>
    public TimeSpan CapacityDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds of each scenario's warm-up in a run: the new database's caches, the pool, the client's connections.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The first run's warm-up, three times as long: JIT and tiered compilation happen once per process, and would
    /// otherwise count against whichever engine or chama count runs first.
    /// </summary>
    public TimeSpan FirstWarmUp => 3 * WarmUp;

    /// <summary>The open loop's arrival rate; null for half the bare endpoint's measured capacity.</summary>
    public double? Rate { get; init; }

    public int Workers { get; init; } = 32;

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    public int Chamas { get; init; } = 25;

    /// <summary>
    /// <c>--chamas-compare 26,1000</c>: one run per number, each seeding that many chamas in all (the demo chama
    /// included, so 26 is the default 25 extra), to compare capacity with few and with many chamas writing at once.
    /// Null for one run with <see cref="Chamas"/> extra chamas.
    /// </summary>
    public IReadOnlyList<int>? ChamasCompared { get; init; }

    /// <summary>Extra chamas (beyond the demo's) to seed in each run, one entry per run.</summary>
    public IReadOnlyList<int> ChamaCounts => ChamasCompared?.Select(total => total - 1).ToArray() ?? [Chamas];

    public int MembersPerChama { get; init; } = 20;

    public bool Quick { get; init; }

    /// <summary><c>--scale</c>: the large-database read benchmark instead of the webhook load.</summary>
    public bool Scale { get; init; }

    public int ScaleChamas { get; init; } = 10_000;

    /// <summary>Timed reads of each kind in the scale benchmark.</summary>
    public int Samples { get; init; } = 20_000;

    /// <summary><c>Database:Provider</c> for the scale benchmark: Sqlite or Postgres.</summary>
    public string Provider { get; init; } = "Sqlite";

    /// <summary>
    /// The engines the webhook benchmark runs on, one after the other: <c>--engines</c>, or the one <c>--provider</c>
    /// names; by default SQLite, and SQLite then PostgreSQL when the mixed scenario is asked for.
    /// </summary>
    public IReadOnlyList<string> Engines { get; init; } = ["Sqlite"];

    /// <summary>
    /// <c>ConnectionStrings:Chama</c>. For the scale benchmark, its database (null for a SQLite file chosen by the
    /// benchmark). For the webhook benchmark, a PostgreSQL server in which each run gets a fresh schema (null for a
    /// private server the benchmark starts and stops); SQLite always gets a fresh file in a temporary folder.
    /// </summary>
    public string? Connection { get; init; }

    /// <summary>The scale benchmark's database settings, with <paramref name="defaultConnection"/> when none was given.</summary>
    public Dictionary<string, string?> DatabaseSettings(string defaultConnection) => new()
    {
        ["Database:Provider"] = Provider,
        ["ConnectionStrings:Chama"] = Connection ?? defaultConnection,
    };

    public static string Usage => """
        Usage: dotnet run -c Release --project tests/Chama.Bot.Benchmarks -- [options]
          --duration S       seconds of each open-loop phase (default 20)
          --capacity S       seconds of each closed-loop capacity phase (default 10)
          --rate N           open-loop arrival rate in requests/s (default: half the bare endpoint's capacity)
          --scenario LIST    comma-separated, from ussd,whatsapp,stk,bare,mixed (default: ussd,whatsapp,stk,bare);
                             mixed interleaves ussd, whatsapp and stk requests and always runs with bare
          --workers N        concurrent workers in the capacity phase (default 32)
          --chamas N         extra chamas to seed (default 25)
          --chamas-compare LIST  one run per number of chamas in all, demo chama included (e.g. 26,1000), and
                             the ratio of their capacities
          --members N        members in each extra chama (default 20)
          --warm-up S        seconds of each scenario's warm-up (default 3; the first run's is three times as long)
          --quick            a smoke run: 3 s phases, 1 s warm-up
          --engines LIST     run on each engine in turn, each on a fresh database, and compare: sqlite,postgres
                             (default: sqlite; sqlite,postgres when mixed is asked for and --provider is not given)
          --provider NAME    one engine: sqlite (default) or postgres (Database:Provider)
          --connection CS    a PostgreSQL server to use (each run gets a fresh schema in it; default: a private
                             server started and stopped by the benchmark); with --scale, the database to build
          --scale            instead of the webhooks: build (once, kept at its path) a database of --scale-chamas
                             chamas of 20 members with 25 contributions each, and time balance checks and round summaries
          --scale-chamas N   chamas in the scale database (default 10000: 200,000 members, 5,000,000 contributions)
          --samples N        timed reads of each kind in the scale benchmark (default 20000)
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        var durationSet = false;
        var capacitySet = false;
        var warmUpSet = false;
        var enginesSet = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--duration":
                    options = options with { Duration = Seconds(Value()) };
                    durationSet = true;
                    break;
                case "--capacity":
                    options = options with { CapacityDuration = Seconds(Value()) };
                    capacitySet = true;
                    break;
                case "--warm-up":
                    options = options with { WarmUp = Seconds(Value()) };
                    warmUpSet = true;
                    break;
                case "--rate":
                    options = options with { Rate = Positive(Value()) };
                    break;
                case "--scenario":
                case "--scenarios":
                    options = options with { Scenarios = ScenarioList(Value()) };
                    break;
                case "--workers":
                    options = options with { Workers = (int)Positive(Value()) };
                    break;
                case "--chamas":
                    options = options with { Chamas = (int)Positive(Value()) };
                    break;
                case "--chamas-compare":
                    options = options with { ChamasCompared = ChamaTotals(Value()) };
                    break;
                case "--members":
                    options = options with { MembersPerChama = (int)Positive(Value()) };
                    break;
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--scale":
                    options = options with { Scale = true };
                    break;
                case "--scale-chamas":
                    options = options with { ScaleChamas = (int)Positive(Value()) };
                    break;
                case "--samples":
                    options = options with { Samples = (int)Positive(Value()) };
                    break;
                case "--provider":
                    var provider = ProviderName(Value());
                    options = options with { Provider = provider, Engines = [provider] };
                    enginesSet = true;
                    break;
                case "--engines":
                    options = options with { Engines = EngineList(Value()) };
                    enginesSet = true;
                    break;
                case "--connection":
                    options = options with { Connection = Value() };
                    break;
                case "--help" or "-h":
                    throw new ArgumentException(Usage);
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }

        if (!enginesSet && options.Scenarios.Contains("mixed"))
        {
            // The mixed load is the figure the engines are compared by: by default it runs on both.
            options = options with { Engines = ["Sqlite", "Postgres"] };
        }

        if (!options.Scale && options.Connection is not null && !options.Engines.Contains("Postgres"))
        {
            throw new ArgumentException("--connection names a PostgreSQL server for the webhook runs (SQLite runs always get a fresh file); add --engines postgres or drop it.");
        }

        // --quick shortens whatever was not given explicitly.
        return options.Quick
            ? options with
            {
                Duration = durationSet ? options.Duration : TimeSpan.FromSeconds(3),
                CapacityDuration = capacitySet ? options.CapacityDuration : TimeSpan.FromSeconds(3),
                WarmUp = warmUpSet ? options.WarmUp : TimeSpan.FromSeconds(1),
            }
            : options;
    }

    private static string ProviderName(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => "Sqlite",
        "postgres" or "postgresql" => "Postgres",
        _ => throw new ArgumentException($"Unknown provider '{value}'; choose sqlite or postgres."),
    };

    private static string[] EngineList(string value)
    {
        var engines = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ProviderName).Distinct().ToArray();
        return engines.Length > 0 ? engines : throw new ArgumentException("--engines needs sqlite, postgres or both.");
    }

    private static int[] ChamaTotals(string value)
    {
        var totals = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n =>
            int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total >= 2
                ? total
                : throw new ArgumentException($"'{n}' is not a number of chamas of 2 or more (the demo chama and at least one more).")).Distinct().ToArray();
        return totals.Length > 0 ? totals : throw new ArgumentException("--chamas-compare needs numbers of chamas, e.g. 26,1000.");
    }

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(Positive(value));

    private static double Positive(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"'{value}' is not a positive number.");

    private static string[] ScenarioList(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        var unknown = names.Except(AllScenarios).Except(OnRequest).ToList();
        if (unknown.Count > 0 || names.Length == 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; choose from {string.Join(",", AllScenarios.Concat(OnRequest))}.");
        }

        // The mixed load is judged against the bare endpoint measured in the same run.
        return names.Contains("mixed") && !names.Contains("bare") ? [.. names, "bare"] : names;
    }
}
