using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chama.Tests;

/// <summary>
/// A PostgreSQL cluster of the test run's own, so `dotnet test` needs nothing started by hand: made with the machine's
/// <c>initdb</c> in a temporary folder, listening on a free port on 127.0.0.1 only, started once per test process on
/// first use and reused after. As root it runs as an unprivileged user (initdb refuses root). The benchmark starts one
/// the same way with durable settings of its own.
/// </summary>
/// <remarks>
/// The test host is ended by its runner soon after the last test, too soon for an exit handler to stop a server and
/// remove its files, and not at all when it is killed. So a watchdog outside the test process, in a session of its own,
/// waits for the process to end however it ends, then stops the server and removes the folder.
/// </remarks>
public sealed class PrivatePostgres : IAsyncDisposable
{
    public const string Role = "chama";
    public const string Database = "chama_test";

    /// <summary>The environment variable naming a server of the developer's own, which the tests use instead of a private cluster.</summary>
    public const string ServerVariable = "CHAMA_TEST_POSTGRES";

    /// <summary>
    /// Room for the tests' side-by-side pools; durability is not under test here, so no waiting on the disk.
    /// Everything else is the server's default.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TestSettings = new Dictionary<string, string>
    {
        ["max_connections"] = "300",
        ["fsync"] = "off",
        ["synchronous_commit"] = "off",
        ["full_page_writes"] = "off",
    };

    private static readonly Lazy<Task<PrivatePostgres>> Shared = new(() => Task.Run(async () =>
    {
        var cluster = await StartAsync(owner: Environment.ProcessId);
        Interlocked.Increment(ref starts);
        return cluster;
    }));
    private static int starts;

    private readonly PostgresBinaries binaries;
    private readonly string? runAs;
    private readonly IReadOnlyDictionary<string, string> settings;

    private PrivatePostgres(string folder, PostgresBinaries binaries, string? runAs, int port, IReadOnlyDictionary<string, string> settings)
    {
        Folder = folder;
        this.binaries = binaries;
        this.runAs = runAs;
        Port = port;
        this.settings = settings;
    }

    public int Port { get; }

    /// <summary>The temporary folder holding the cluster, its log and its socket; gone once the test process has ended.</summary>
    public string Folder { get; }

    /// <summary>The cluster's data; its <c>postmaster.pid</c> names the running server.</summary>
    public string DataFolder => Path.Combine(Folder, "data");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={Role};Password={Role};Database={Database}";

    /// <summary>How many clusters this process has started: one, however often <see cref="EnsureStartedAsync"/> is called.</summary>
    public static int Starts => Volatile.Read(ref starts);

    /// <summary>The process's cluster, started on the first call.</summary>
    public static Task<PrivatePostgres> EnsureStartedAsync() => Shared.Value;

    /// <summary>
    /// A new cluster, stopped and removed once the process <paramref name="owner"/> has ended. Its server runs with
    /// <paramref name="settings"/> (postgresql.conf names and values, without spaces), the <see cref="TestSettings"/>
    /// unless given.
    /// </summary>
    public static async Task<PrivatePostgres> StartAsync(int owner, IReadOnlyDictionary<string, string>? settings = null)
    {
        var binaries = PostgresBinaries.Find();
        var folder = Directory.CreateTempSubdirectory("chama-test-postgres-").FullName;
        var runAs = Environment.IsPrivilegedProcess ? UnprivilegedUser() : null;
        var cluster = new PrivatePostgres(folder, binaries, runAs, FreePort(), settings ?? TestSettings);
        cluster.StartWatchdog(owner);
        if (runAs is not null)
        {
            await cluster.RunAsync("chown", [runAs, folder], asOwner: false);
        }

        // Trust on the loopback only: the cluster is private to this run and listens nowhere else. --no-sync skips only
        // initdb's own final flush of the empty cluster; the server's settings decide its durability.
        await cluster.RunAsync(binaries.InitDb, ["-D", cluster.DataFolder, "-U", Role, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await cluster.RunAsync(binaries.PgCtl, ["-D", cluster.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", cluster.ServerOptions, "start"]);
        await cluster.RunAsync(binaries.Psql, ["-h", "127.0.0.1", "-p", cluster.Port.ToString(CultureInfo.InvariantCulture), "-U", Role, "-d", "postgres", "-qAt", "-c", $"CREATE DATABASE {Database}"]);
        return cluster;
    }

    /// <summary>
    /// Stops the server and removes its folder now, for an owner done with it before it ends; the watchdog removes
    /// whatever is left.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            await RunAsync(binaries.PgCtl, ["-D", DataFolder, "-m", "fast", "-w", "stop"]);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception notRemoved) when (notRemoved is IOException or UnauthorizedAccessException)
        {
            // Left to the watchdog, which removes the folder once the owner has ended.
        }
    }

    private string ServerOptions =>
        $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{Folder}' " +
        string.Join(' ', settings.Select(setting => $"-c {setting.Key}={setting.Value}"));

    /// <summary>
    /// <c>setsid -f</c> forks it off: its parent exits at once, so it is nobody's child in the test process's tree and
    /// outlives the test process; it lets go of the test process's output at once, so the runner never waits on it.
    /// </summary>
    private void StartWatchdog(int owner)
    {
        var asUser = runAs is null ? "" : $"runuser -u {runAs} -- ";
        var script = $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {owner}; do sleep 0.5; done
            [ -f '{DataFolder}/postmaster.pid' ] && {asUser}'{binaries.PgCtl}' -D '{DataFolder}' -m immediate -w stop
            rm -rf '{Folder}'
            """;
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["-f", "sh", "-c", script]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start the private PostgreSQL's watchdog (setsid).");
        watchdog.WaitForExit();
    }

    /// <summary>Debian's <c>postgres</c> account where the server package made one, else <c>nobody</c>.</summary>
    private static string UnprivilegedUser() =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asOwner = true)
    {
        var start = asOwner && runAs is not null
            ? new ProcessStartInfo("runuser", ["-u", runAs, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Folder;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(Folder, "server.log");
            throw new InvalidOperationException(
                $"The private PostgreSQL: `{program} {string.Join(' ', arguments)}` exited with {process.ExitCode}.\n{await output}{await errors}" +
                (File.Exists(log) ? $"\nserver.log:\n{await File.ReadAllTextAsync(log)}" : ""));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
