namespace Chama.Bot.Benchmarks;

/// <summary>What one run measured: its engine (<c>Sqlite</c> or <c>Postgres</c>), how many chamas it seeded in all, and its phases.</summary>
internal sealed record RunResult(
    string Engine,
    int Chamas,
    IReadOnlyList<PhaseResult> Results,
    IReadOnlyDictionary<string, PhaseResult> Capacity,
    IReadOnlyDictionary<string, PhaseResult> OpenLoop,
    bool LedgerAgrees)
{
    /// <summary>No request failed or got a wrong answer, and the ledger holds exactly what the callbacks paid.</summary>
    public bool Clean => LedgerAgrees && Results.All(r => r.Clean);

    public string EngineName => Engine == "Postgres" ? "PostgreSQL" : "SQLite";
}
