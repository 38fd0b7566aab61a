using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Chama.Bot.Hosting;
using Chama.Bot.Tests.Mpesa;
using Chama.Data;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The host killed with SIGKILL in the middle of a burst of M-Pesa callbacks, restarted on the same database, and every
/// callback delivered again as Daraja retries: what was acknowledged before the kill is in the ledger exactly once, and
/// after the retries everything is, with the sums right. The suite runs <see cref="DefaultRounds"/> rounds;
/// <c>tests/faults/kill-nine.sh</c> runs 20 (<c>KILL_NINE_ROUNDS</c>). The database is SQLite in a temporary folder, or
/// whatever <c>Database__Provider</c> and <c>ConnectionStrings__Chama</c> name; the test reads and writes it through
/// the host's own <see cref="IDatabase"/>.
/// </summary>
public sealed class KillNineTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultRounds = 3;
    private const int CallbacksPerRound = 120;
    private const int Concurrency = 16;
    private const string Token = "kill-nine-callback-token";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "chama-bot-tests", "kill-nine-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created: the database was not SQLite.
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task Callbacks_acknowledged_before_a_kill_nine_are_in_the_ledger_once_and_retries_after_restart_complete_the_rest_once()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("KILL_NINE_ROUNDS"), CultureInfo.InvariantCulture, out var given) && given > 0 ? given : DefaultRounds;
        var settings = Settings();
        var host = await HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
        await using var services = new ServiceCollection().AddLogging().AddChamaData(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build()).BuildServiceProvider();
        var database = services.GetRequiredService<IDatabase>();
        var pairs = await DemoPairsAsync(database);
        // Per run, so that a shared database (PostgreSQL) never sees a receipt twice across runs.
        var run = new string(Random.Shared.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZ", 3));
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var callbacks = Enumerable.Range(0, CallbacksPerRound).Select(i => new Callback($"K{run}{round:D2}{i:D4}", $"ws_CO_K9_{run}_{round}_{i}", 10 + (i % 7))).ToList();
                await PrepareAsync(database, pairs, callbacks, $"kill9:{run}:{round}");

                // A burst from Concurrency connections; the kill lands after a varying number of acknowledgements.
                var killAfter = new Random(round).Next(1, CallbacksPerRound / 2);
                var acknowledged = await BurstAsync(host, callbacks, killAfter);
                await host.WaitForExitAsync();
                var afterKill = await CountsAsync(database, callbacks);
                Assert.All(acknowledged, c => Assert.Equal(1, afterKill[c.Receipt]));
                Assert.All(callbacks, c => Assert.InRange(afterKill[c.Receipt], 0, 1));

                host.Dispose();
                host = await HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
                var retried = await BurstAsync(host, callbacks, killAfter: null);
                Assert.Equal(CallbacksPerRound, retried.Count);

                var afterRetries = await CountsAsync(database, callbacks);
                Assert.All(callbacks, c => Assert.Equal(1, afterRetries[c.Receipt]));
                Assert.Equal(callbacks.Sum(c => c.Shillings * 100L), await PaidInAsync(database, callbacks));
                Assert.Equal(CallbacksPerRound, await CompletedRequestsAsync(database, $"kill9:{run}:{round}:"));
                output.WriteLine(
                    $"round {round + 1}/{rounds}: killed after {killAfter} acknowledgements; {acknowledged.Count} acknowledged before the kill, "
                    + $"{afterKill.Values.Sum() - acknowledged.Count} more committed but unanswered; after restart and retries {CallbacksPerRound} of {CallbacksPerRound} once each");
            }
        }
        finally
        {
            host.Dispose();
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Database:Provider"] = Environment.GetEnvironmentVariable("Database__Provider") ?? "Sqlite",
        ["ConnectionStrings:Chama"] = Environment.GetEnvironmentVariable("ConnectionStrings__Chama") ?? $"Data Source={Path.Combine(folder, "chama.db")}",
        ["Demo:Seed"] = "true",
        ["Mpesa:CallbackToken"] = Token,
    };

    /// <summary>Posts every callback, <see cref="Concurrency"/> at a time; kills the host on the acknowledgement numbered <paramref name="killAfter"/>.</summary>
    private static async Task<List<Callback>> BurstAsync(HostProcess host, IReadOnlyList<Callback> callbacks, int? killAfter)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var acknowledged = new ConcurrentBag<Callback>();
        var count = 0;
        await Parallel.ForEachAsync(callbacks, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (callback, cancellationToken) =>
        {
            try
            {
                using var content = new StringContent(DarajaCallbacks.StkSuccess(callback.CheckoutRequestId, callback.Shillings, callback.Receipt), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri($"webhooks/payments/{Token}/stk", UriKind.Relative), content, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK && body.Contains("\"ResultCode\":0", StringComparison.Ordinal))
                {
                    acknowledged.Add(callback);
                    if (Interlocked.Increment(ref count) == killAfter)
                    {
                        host.Kill();
                    }
                }
            }
            catch (HttpRequestException)
            {
                // The host died under this request: Daraja saw no acknowledgement and will retry.
            }
            catch (IOException)
            {
                // The connection was cut mid-answer: likewise unacknowledged.
            }
        });
        return [.. acknowledged];
    }

    /// <summary>Sent STK pushes, as the dispatcher leaves them, one per callback, spread over the demo's members and rounds.</summary>
    private static Task PrepareAsync(IDatabase database, IReadOnlyList<DemoPair> pairs, IReadOnlyList<Callback> callbacks, string keyPrefix)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = callbacks.Select((c, i) => new
        {
            RequestKey = $"{keyPrefix}:{i}",
            pairs[i % pairs.Count].ChamaId,
            pairs[i % pairs.Count].MemberId,
            pairs[i % pairs.Count].RoundId,
            AmountMinor = c.Shillings * 100L,
            pairs[i % pairs.Count].Phone,
            c.CheckoutRequestId,
            Now = now,
        });
        return database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO payment_requests (request_key, chama_id, member_id, round_id, amount_minor, currency, phone, channel, status, checkout_request_id, created_at, updated_at)
            VALUES (@RequestKey, @ChamaId, @MemberId, @RoundId, @AmountMinor, 'KES', @Phone, 'whatsapp', 'Sent', @CheckoutRequestId, @Now, @Now);
            """,
            rows,
            transaction));
    }

    private static async Task<IReadOnlyList<DemoPair>> DemoPairsAsync(IDatabase database) =>
        [.. await database.ReadAsync((connection, transaction) => connection.QueryAsync<DemoPair>(
            """
            SELECT m.chama_id AS ChamaId, m.id AS MemberId, r.id AS RoundId, m.phone AS Phone
            FROM chamas ch JOIN cycles c ON c.chama_id = ch.id AND c.status = 'Active' JOIN rounds r ON r.cycle_id = c.id
                JOIN members m ON m.chama_id = ch.id AND m.active = 1
            WHERE ch.code = 'UMOJA' ORDER BY r.id, m.id;
            """,
            transaction: transaction))];

    private static async Task<Dictionary<string, long>> CountsAsync(IDatabase database, IReadOnlyList<Callback> callbacks)
    {
        var receipts = callbacks.Select(c => c.Receipt).ToList();
        var found = await database.ReadAsync((connection, transaction) => connection.QueryAsync<(string Receipt, long Count)>(
            "SELECT receipt, COUNT(*) FROM contributions WHERE receipt IN @receipts GROUP BY receipt;", new { receipts }, transaction));
        var counts = receipts.ToDictionary(r => r, _ => 0L);
        foreach (var (receipt, count) in found)
        {
            counts[receipt] = count;
        }

        return counts;
    }

    private static Task<long> PaidInAsync(IDatabase database, IReadOnlyList<Callback> callbacks) =>
        database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(amount_minor), 0) FROM contributions WHERE receipt IN @receipts;", new { receipts = callbacks.Select(c => c.Receipt).ToList() }, transaction));

    private static Task<long> CompletedRequestsAsync(IDatabase database, string keyPrefix) =>
        database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM payment_requests WHERE request_key LIKE @pattern AND status = 'Completed';", new { pattern = keyPrefix + "%" }, transaction));

    private sealed record Callback(string Receipt, string CheckoutRequestId, long Shillings);

    private sealed record DemoPair(long ChamaId, long MemberId, long RoundId, string Phone);
}
