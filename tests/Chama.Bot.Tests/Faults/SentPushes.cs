using Chama.Bot.Hosting;
using Chama.Data;
using Chama.Tests;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The database of host processes, opened from outside through the host's own <see cref="IDatabase"/> (so it works on
/// either engine), and STK pushes left in it as the dispatcher leaves them once Daraja has accepted them.
/// </summary>
public static class SentPushes
{
    /// <summary>The data services a host with <paramref name="settings"/> uses; dispose them with the test.</summary>
    public static ServiceProvider OpenDatabase(IReadOnlyDictionary<string, string> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddChamaData(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build())
            .BuildServiceProvider();

    /// <summary>Every active member of the demo chama with every round of its active cycle.</summary>
    public static async Task<IReadOnlyList<DemoPair>> DemoPairsAsync(IDatabase database) =>
        [.. await database.ReadAsync((connection, transaction) => connection.QueryAsync<DemoPair>(
            """
            SELECT m.chama_id AS ChamaId, m.id AS MemberId, r.id AS RoundId, m.phone AS Phone
            FROM chamas ch JOIN cycles c ON c.chama_id = ch.id AND c.status = 'Active' JOIN rounds r ON r.cycle_id = c.id
                JOIN members m ON m.chama_id = ch.id AND m.active = 1
            WHERE ch.code = 'UMOJA' ORDER BY r.id, m.id;
            """,
            transaction: transaction))];

    /// <summary>One sent push per entry of <paramref name="pushes"/>, spread over <paramref name="pairs"/>, keyed <c>{keyPrefix}:{index}</c>.</summary>
    public static async Task InsertAsync(IDatabase database, IReadOnlyList<DemoPair> pairs, IReadOnlyList<(string CheckoutRequestId, long Shillings)> pushes, string keyPrefix)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = pushes.Select((push, i) => new
        {
            RequestKey = $"{keyPrefix}:{i}",
            pairs[i % pairs.Count].ChamaId,
            pairs[i % pairs.Count].MemberId,
            pairs[i % pairs.Count].RoundId,
            AmountMinor = push.Shillings * 100L,
            pairs[i % pairs.Count].Phone,
            push.CheckoutRequestId,
            Now = now,
        });
        // One write per chama, each entering its chama, as the dispatcher's writes do.
        foreach (var chama in rows.GroupBy(row => row.ChamaId))
        {
            await database.WriteInChamaAsync(chama.Key, (connection, transaction) => connection.ExecuteAsync(
                """
                INSERT INTO payment_requests (request_key, chama_id, member_id, round_id, amount_minor, currency, phone, channel, status, checkout_request_id, created_at, updated_at)
                VALUES (@RequestKey, @ChamaId, @MemberId, @RoundId, @AmountMinor, 'KES', @Phone, 'whatsapp', 'Sent', @CheckoutRequestId, @Now, @Now);
                """,
                chama,
                transaction));
        }
    }

    /// <summary>How many contributions each receipt has in the ledger (0 for one not there).</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(IDatabase database, IReadOnlyList<string> receipts)
    {
        var (list, parameters) = InList(receipts);
        var found = await database.ReadAsync((connection, transaction) => connection.QueryAsync<(string Receipt, long Count)>(
            $"SELECT receipt, COUNT(*) FROM contributions WHERE receipt IN {list} GROUP BY receipt;", parameters, transaction));
        var counts = receipts.ToDictionary(r => r, _ => 0L);
        foreach (var (receipt, count) in found)
        {
            counts[receipt] = count;
        }

        return counts;
    }

    /// <summary>The ledger's total, in minor units, of the contributions with these receipts.</summary>
    public static Task<long> PaidInAsync(IDatabase database, IReadOnlyList<string> receipts)
    {
        var (list, parameters) = InList(receipts);
        return database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            $"SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM contributions WHERE receipt IN {list};", parameters, transaction));
    }

    /// <summary>
    /// <c>(@r0, @r1, …)</c> with one parameter per receipt: Dapper sends a bare <c>IN @list</c> to Npgsql as one array
    /// parameter, which PostgreSQL refuses, so the list is spelled out for both engines.
    /// </summary>
    private static (string List, DynamicParameters Parameters) InList(IReadOnlyList<string> receipts)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < receipts.Count; i++)
        {
            parameters.Add($"r{i}", receipts[i]);
        }

        return ($"({string.Join(", ", receipts.Select((_, i) => $"@r{i}"))})", parameters);
    }

    public sealed record DemoPair(long ChamaId, long MemberId, long RoundId, string Phone);
}
