using System.Globalization;
using System.Net.Sockets;
using Chama.Tests;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The <see cref="KillNineDrill"/> on both engines (<see cref="SqliteKillNineTests"/>, <see cref="PostgresKillNineTests"/>,
/// a fresh file or schema): the suite runs a few rounds, <c>tests/faults/kill-nine.sh</c> as many as asked
/// (<c>KILL_NINE_ROUNDS</c>).
/// </summary>
public abstract class KillNineTests(Engine engine, int defaultRounds, ITestOutputHelper output) : IDisposable
{
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
        await new KillNineDrill(storage).RunAsync(rounds, output.WriteLine);
    }
}

public sealed class SqliteKillNineTests(ITestOutputHelper output) : KillNineTests(Engine.Sqlite, defaultRounds: 3, output);

/// <summary>Two rounds in the suite: each restart of the host process on PostgreSQL costs a few seconds.</summary>
public sealed class PostgresKillNineTests(ITestOutputHelper output) : KillNineTests(Engine.Postgres, defaultRounds: 2, output);

/// <summary>The drill itself: it forgives every request the host did not answer, and nothing the ledger got wrong.</summary>
public sealed class KillNineDrillTests(ITestOutputHelper output) : IDisposable
{
    private const int FailedConnections = 5;
    private readonly TestStorage storage = TestStorage.Sqlite();

    public void Dispose() => storage.Dispose();

    [Fact]
    public async Task Connections_that_fail_before_the_first_acknowledgement_are_retried_and_the_drill_passes()
    {
        var failing = new FailingConnections(FailedConnections);
        var drill = new KillNineDrill(storage) { CallbacksPerRound = 40, ClientHandler = inner => failing.Wrapping(inner) };

        await drill.RunAsync(rounds: 1, output.WriteLine);

        Assert.Equal(FailedConnections, failing.Failed);
    }

    [Fact]
    public async Task An_acknowledged_callback_missing_from_the_ledger_after_the_restart_fails_the_drill()
    {
        string? removed = null;
        var drill = new KillNineDrill(storage)
        {
            CallbacksPerRound = 40,
            AfterRetries = (tampered, acknowledged) => RemoveFromLedgerAsync(tampered, removed = acknowledged[0]),
        };

        var violation = await Assert.ThrowsAsync<LedgerViolation>(() => drill.RunAsync(rounds: 1, output.WriteLine));

        Assert.Contains("not in the ledger exactly once after the retries", violation.Message, StringComparison.Ordinal);
        Assert.Contains($"{removed}×0", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SocketError.NotConnected)]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.ConnectionReset)]
    public void A_socket_error_means_the_host_did_not_answer(SocketError error) =>
        Assert.True(KillNineDrill.HostDidNotAnswer(new SocketException((int)error)));

    [Fact]
    public void The_clients_own_timeout_means_the_host_did_not_answer() =>
        Assert.True(KillNineDrill.HostDidNotAnswer(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout")));

    [Fact]
    public void A_broken_assertion_is_not_forgiven_as_an_unanswered_request() =>
        Assert.False(KillNineDrill.HostDidNotAnswer(new InvalidOperationException("sums wrong")));

    /// <summary>Loss a sound host can never cause: the append-only guard is lifted and a contribution deleted behind the host's back.</summary>
    private static async Task RemoveFromLedgerAsync(TestStorage tampered, string receipt)
    {
        await using var connection = new SqliteConnection(tampered.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA foreign_keys = OFF;
            DROP TRIGGER contributions_append_only_delete;
            DELETE FROM contributions WHERE receipt = $receipt;
            """;
        command.Parameters.AddWithValue("$receipt", receipt);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>
    /// The first <c>count</c> requests fail as a dead host's do (a bare <see cref="SocketException"/>), and every other
    /// request waits until they have: so the failures come before the first acknowledgement, whatever the timing.
    /// </summary>
    private sealed class FailingConnections(int count)
    {
        private readonly TaskCompletionSource allFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int started;
        private int failed;

        public int Failed => failed;

        private int Count => count;

        public HttpMessageHandler Wrapping(HttpMessageHandler inner) => new Handler(this) { InnerHandler = inner };

        private sealed class Handler(FailingConnections owner) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref owner.started) <= owner.Count)
                {
                    if (Interlocked.Increment(ref owner.failed) == owner.Count)
                    {
                        owner.allFailed.SetResult();
                    }

                    throw new SocketException((int)SocketError.NotConnected);
                }

                await owner.allFailed.Task.WaitAsync(cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
