using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Chama.Bot.Tests.Mpesa;
using Chama.Data;
using Chama.Tests;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The host killed with SIGKILL in the middle of a burst of M-Pesa callbacks, restarted on the same database, and every
/// callback delivered again as Daraja retries: what was acknowledged before the kill is in the ledger exactly once, and
/// after the retries everything is, with the sums right. On both engines (<see cref="SqliteKillNineTests"/>,
/// <see cref="PostgresKillNineTests"/>, a fresh file or schema); the suite runs a few rounds, <c>tests/faults/kill-nine.sh</c>
/// 20 (<c>KILL_NINE_ROUNDS</c>). The test reads and writes the database through the host's own <see cref="IDatabase"/>.
/// </summary>
public abstract class KillNineTests(Engine engine, int defaultRounds, ITestOutputHelper output) : IDisposable
{
    private const int CallbacksPerRound = 120;
    private const int Concurrency = 16;
    private const int RetryPasses = 5;
    private const string Token = "kill-nine-callback-token";

    private readonly TestStorage storage = TestStorage.Create(engine);

    public void Dispose()
    {
        storage.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Callbacks_acknowledged_before_a_kill_nine_are_in_the_ledger_once_and_retries_after_restart_complete_the_rest_once()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("KILL_NINE_ROUNDS"), CultureInfo.InvariantCulture, out var given) && given > 0 ? given : defaultRounds;
        var settings = Settings();
        var host = await HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
        await using var services = SentPushes.OpenDatabase(settings);
        var database = services.GetRequiredService<IDatabase>();
        var pairs = await SentPushes.DemoPairsAsync(database);
        var run = new string(Random.Shared.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZ", 3));
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                var callbacks = Enumerable.Range(0, CallbacksPerRound).Select(i => new Callback($"K{run}{round:D2}{i:D4}", $"ws_CO_K9_{run}_{round}_{i}", 10 + (i % 7))).ToList();
                await SentPushes.InsertAsync(database, pairs, [.. callbacks.Select(c => (c.CheckoutRequestId, c.Shillings))], $"kill9:{run}:{round}");

                // A burst from Concurrency connections; the kill lands after a varying number of acknowledgements.
                var killAfter = new Random(round).Next(1, CallbacksPerRound / 2);
                var acknowledged = await BurstAsync(host, callbacks, killAfter);
                await host.WaitForExitAsync();
                var afterKill = await CountsAsync(database, callbacks);
                Assert.All(acknowledged, c => Assert.Equal(1, afterKill[c.Receipt]));
                Assert.All(callbacks, c => Assert.InRange(afterKill[c.Receipt], 0, 1));

                host.Dispose();
                host = await HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
                var retried = await RetryUntilAcknowledgedAsync(host, callbacks);
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
        ["Database:Provider"] = engine.ToString(),
        ["ConnectionStrings:Chama"] = storage.ConnectionString,
        ["Demo:Seed"] = "true",
        ["Mpesa:CallbackToken"] = Token,
        // Only the M-Pesa door is exercised; a production host serves no door without its secret.
        ["Channels:WhatsApp"] = "false",
        ["Channels:Ussd"] = "false",
    };

    /// <summary>
    /// As Daraja does: every callback again, then those still unacknowledged a few more times. A host may answer 503
    /// while its database refuses connections (a shared PostgreSQL server out of connection slots under a busy suite).
    /// </summary>
    private static async Task<List<Callback>> RetryUntilAcknowledgedAsync(HostProcess host, IReadOnlyList<Callback> callbacks)
    {
        var acknowledged = new List<Callback>();
        for (var pass = 0; pass < RetryPasses && acknowledged.Count < callbacks.Count; pass++)
        {
            if (pass > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            acknowledged.AddRange(await BurstAsync(host, [.. callbacks.Except(acknowledged)], killAfter: null));
        }

        return acknowledged;
    }

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

    private static Task<Dictionary<string, long>> CountsAsync(IDatabase database, IReadOnlyList<Callback> callbacks) =>
        SentPushes.CountsAsync(database, [.. callbacks.Select(c => c.Receipt)]);

    private static Task<long> PaidInAsync(IDatabase database, IReadOnlyList<Callback> callbacks) =>
        SentPushes.PaidInAsync(database, [.. callbacks.Select(c => c.Receipt)]);

    private static Task<long> CompletedRequestsAsync(IDatabase database, string keyPrefix) =>
        database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM payment_requests WHERE request_key LIKE @pattern AND status = 'Completed';", new { pattern = keyPrefix + "%" }, transaction));

    private sealed record Callback(string Receipt, string CheckoutRequestId, long Shillings);
}

public sealed class SqliteKillNineTests(ITestOutputHelper output) : KillNineTests(Engine.Sqlite, defaultRounds: 3, output);

/// <summary>Two rounds in the suite: each restart of the host process on PostgreSQL costs a few seconds.</summary>
public sealed class PostgresKillNineTests(ITestOutputHelper output) : KillNineTests(Engine.Postgres, defaultRounds: 2, output);
