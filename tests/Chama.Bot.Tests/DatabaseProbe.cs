using Dapper;

namespace Chama.Bot.Tests;

/// <summary>Reads the host's database directly, to check what a request did or did not change.</summary>
public static class DatabaseProbe
{
    private static readonly string[] StateTables =
        ["contributions", "credit_entries", "payment_requests", "welfare_requests", "welfare_payouts", "decision_votes", "outbound_messages", "members", "audit_log", "suspense_payments", "disbursements", "disbursement_events", "fines", "fine_waivers", "fine_payments", "seat_swaps", "seat_swap_answers", "seat_swap_holds", "constitutions", "constitution_proposals", "member_exits", "rounds", "cycle_join_proposals", "cycle_joins"];

    public static async Task<long> CountAsync(BotFactory factory, string table, string where = "1 = 1")
    {
        await using var connection = factory.Storage.Connect();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where};");
    }

    /// <summary>One value the SQL reads from the host's database, e.g. a sum to check a report against.</summary>
    public static async Task<T> ScalarAsync<T>(BotFactory factory, string sql, object? parameters = null)
    {
        await using var connection = factory.Storage.Connect();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"No value for: {sql}");
    }

    /// <summary>Row counts of everything that records money or a decision: equal snapshots mean nothing changed.</summary>
    public static async Task<string> SnapshotAsync(BotFactory factory)
    {
        var counts = new List<string>();
        foreach (var table in StateTables)
        {
            counts.Add($"{table}={await CountAsync(factory, table)}");
        }

        return string.Join(", ", counts);
    }

    /// <summary>
    /// Row counts of every table but <paramref name="except"/>: equal snapshots mean a request wrote nothing at all
    /// (sessions, logs and notes included, not only money and decisions).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> AllRowCountsAsync(BotFactory factory)
    {
        await using var connection = factory.Storage.Connect();
        var tables = factory.Storage.Engine == Chama.Tests.Engine.Postgres
            ? await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE';")
            : await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';");
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table};");
        }

        return counts;
    }
}
