using System.Globalization;

namespace Chama.Bot.Benchmarks;

/// <summary>The command line: <c>--duration 20 --rate N --scenario ussd,whatsapp,stk,bare --workers 32 --quick</c>.</summary>
internal sealed record BenchmarkOptions
{
    public static readonly string[] AllScenarios = ["ussd", "whatsapp", "stk", "bare"];

    /// <summary>Scenarios run only when named: <c>mixed</c> interleaves ussd, whatsapp and stk (and brings bare along).</summary>
    public static readonly string[] OnRequest = ["mixed"];

    /// <summary>Seconds of each scenario's open-loop phase.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Seconds of each scenario's closed-loop capacity phase.</summary>
    public TimeSpan CapacityDuration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The open loop's arrival rate; null for half the bare endpoint's measured capacity.</summary>
    public double? Rate { get; init; }

    public int Workers { get; init; } = 32;

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    public int Chamas { get; init; } = 25;

    public int MembersPerChama { get; init; } = 20;

    public bool Quick { get; init; }

    /// <summary><c>--scale</c>: the large-database read benchmark instead of the webhook load.</summary>
    public bool Scale { get; init; }

    public int ScaleChamas { get; init; } = 10_000;

    /// <summary>Timed reads of each kind in the scale benchmark.</summary>
    public int Samples { get; init; } = 20_000;

    /// <summary><c>Database:Provider</c> for the host and the scale benchmark: Sqlite or Postgres.</summary>
    public string Provider { get; init; } = "Sqlite";

    /// <summary><c>ConnectionStrings:Chama</c>; null for a SQLite file chosen by the benchmark.</summary>
    public string? Connection { get; init; }

    /// <summary>The database settings as the host reads them, with <paramref name="defaultConnection"/> when none was given.</summary>
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
          --members N        members in each extra chama (default 20)
          --quick            a smoke run: 3 s phases, 1 s warm-up
          --provider NAME    the database: sqlite (default) or postgres (Database:Provider)
          --connection CS    its connection string (default: a SQLite file in a temp folder)
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
                    options = options with { Provider = ProviderName(Value()) };
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

        // --quick shortens whatever was not given explicitly.
        return options.Quick
            ? options with
            {
                Duration = durationSet ? options.Duration : TimeSpan.FromSeconds(3),
                CapacityDuration = capacitySet ? options.CapacityDuration : TimeSpan.FromSeconds(3),
                WarmUp = TimeSpan.FromSeconds(1),
            }
            : options;
    }

    private static string ProviderName(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => "Sqlite",
        "postgres" or "postgresql" => "Postgres",
        _ => throw new ArgumentException($"Unknown provider '{value}'; choose sqlite or postgres."),
    };

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
