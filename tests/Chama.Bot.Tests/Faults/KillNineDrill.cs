using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Chama.Bot.Tests.Mpesa;
using Chama.Data;
using Chama.Tests;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The host killed with SIGKILL in the middle of a burst of M-Pesa callbacks, restarted on the same database, and every
/// callback delivered again as Daraja retries. After each round the ledger must hold every callback acknowledged before
/// the kill exactly once, and after the retries every callback once, with the sums right; anything else is a
/// <see cref="LedgerViolation"/>. A request the host did not answer, however the client saw that (a refused or reset
/// connection, a socket error, the client's own timeout), is unacknowledged: Daraja retries it, and so does the drill.
/// </summary>
public sealed class KillNineDrill(TestStorage storage)
{
    public const string Token = "kill-nine-callback-token";
    private const int Concurrency = 16;
    private const int RetryPasses = 5;

    public int CallbacksPerRound { get; init; } = 120;

    /// <summary>Wraps the handler the drill's client sends through: a test can make connections fail.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler> ClientHandler { get; init; } = handler => handler;

    /// <summary>Runs on the database after the restart and the retries, before the last check: a test can damage the ledger.</summary>
    public Func<TestStorage, IReadOnlyList<string>, Task> AfterRetries { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>Runs <paramref name="rounds"/> rounds; <paramref name="report"/> gets one line per sound round.</summary>
    public async Task RunAsync(int rounds, Action<string> report)
    {
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
                Require(acknowledged.All(c => afterKill[c.Receipt] == 1), "an acknowledged callback is not in the ledger exactly once after the kill", afterKill);
                Require(callbacks.All(c => afterKill[c.Receipt] is 0 or 1), "a callback is in the ledger more than once after the kill", afterKill);

                host.Dispose();
                host = await HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
                var retried = await RetryUntilAcknowledgedAsync(host, callbacks);
                Require(retried.Count == CallbacksPerRound, $"only {retried.Count} of {CallbacksPerRound} callbacks were acknowledged after the retries", afterKill);

                await AfterRetries(storage, [.. acknowledged.Select(c => c.Receipt)]);
                var afterRetries = await CountsAsync(database, callbacks);
                Require(callbacks.All(c => afterRetries[c.Receipt] == 1), "a callback is not in the ledger exactly once after the retries", afterRetries);
                var paidIn = await SentPushes.PaidInAsync(database, [.. callbacks.Select(c => c.Receipt)]);
                Require(paidIn == callbacks.Sum(c => c.Shillings * 100L), $"the ledger holds {paidIn} cents for this round's callbacks, not {callbacks.Sum(c => c.Shillings * 100L)}", afterRetries);
                var completed = await CompletedRequestsAsync(database, $"kill9:{run}:{round}:");
                Require(completed == CallbacksPerRound, $"{completed} of {CallbacksPerRound} payment requests are completed", afterRetries);
                report(
                    $"round {round + 1}/{rounds}: killed after {killAfter} acknowledgements; {acknowledged.Count} acknowledged before the kill, "
                    + $"{afterKill.Values.Sum() - acknowledged.Count} more committed but unanswered; after restart and retries {CallbacksPerRound} of {CallbacksPerRound} once each");
            }
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>Whether an exception from posting a callback means the host gave no answer, so Daraja will retry it.</summary>
    public static bool HostDidNotAnswer(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException or OperationCanceledException;

    private Dictionary<string, string> Settings() => new()
    {
        ["Database:Provider"] = storage.Engine.ToString(),
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
    private async Task<List<Callback>> RetryUntilAcknowledgedAsync(HostProcess host, IReadOnlyList<Callback> callbacks)
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
    private async Task<List<Callback>> BurstAsync(HostProcess host, IReadOnlyList<Callback> callbacks, int? killAfter)
    {
        using var client = new HttpClient(ClientHandler(new SocketsHttpHandler())) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
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
            catch (Exception unanswered) when (HostDidNotAnswer(unanswered))
            {
                // The host died under this request, or was never reached: Daraja saw no acknowledgement and will retry.
            }
        });
        return [.. acknowledged];
    }

    private static void Require(bool holds, string violation, IReadOnlyDictionary<string, long> counts)
    {
        if (!holds)
        {
            var odd = counts.Where(c => c.Value != 1).Take(10).Select(c => $"{c.Key}×{c.Value}");
            throw new LedgerViolation($"{violation} (receipts not counted once: {string.Join(", ", odd)})");
        }
    }

    private static Task<Dictionary<string, long>> CountsAsync(IDatabase database, IReadOnlyList<Callback> callbacks) =>
        SentPushes.CountsAsync(database, [.. callbacks.Select(c => c.Receipt)]);

    private static Task<long> CompletedRequestsAsync(IDatabase database, string keyPrefix) =>
        database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM payment_requests WHERE request_key LIKE @pattern AND status = 'Completed';", new { pattern = keyPrefix + "%" }, transaction));

    private sealed record Callback(string Receipt, string CheckoutRequestId, long Shillings);
}

/// <summary>The ledger after a kill and the retries is not what the acknowledgements promised.</summary>
public sealed class LedgerViolation(string message) : Exception(message);
