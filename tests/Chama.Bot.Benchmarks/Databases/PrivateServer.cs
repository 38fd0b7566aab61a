using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Chama.Tests;

namespace Chama.Bot.Benchmarks.Databases;

/// <summary>
/// A PostgreSQL cluster of the benchmark's own, found and laid out as the tests' (<see cref="PostgresBinaries"/>: the
/// PATH or the distribution's newest <c>/usr/lib/postgresql/*/bin</c>; a temporary folder; a free port on 127.0.0.1; run
/// as <c>postgres</c> or <c>nobody</c> when the benchmark runs as root) but configured as an operator would run it on
/// this machine: every commit waits for its WAL on disk, as SQLite's money writes do, so the engines compare fairly.
/// Stopped and removed on dispose, or by a watchdog once the benchmark has ended however it ended.
/// </summary>
internal sealed class PrivateServer : IAsyncDisposable
{
    public const string Role = "chama";
    public const string Database = "chama_benchmark";

    /// <summary>
    /// Durable commits (fsync, synchronous_commit, full-page writes: PostgreSQL's defaults, named so a reader sees them);
    /// room for a host's pool of 32 and the benchmark's own connections; a modest buffer cache for a small shared machine.
    /// Everything else is the server's default.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> Settings =
    [
        ("fsync", "on"),
        ("synchronous_commit", "on"),
        ("full_page_writes", "on"),
        ("max_connections", "100"),
        ("shared_buffers", "256MB"),
    ];

    private readonly PostgresBinaries binaries;
    private readonly string? runAs;

    private PrivateServer(string folder, PostgresBinaries binaries, string? runAs, int port)
    {
        Folder = folder;
        this.binaries = binaries;
        this.runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string Folder { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={Role};Password={Role};Database={Database}";

    public static async Task<PrivateServer> StartAsync()
    {
        var binaries = PostgresBinaries.Find();
        var folder = Directory.CreateTempSubdirectory("chama-benchmark-postgres-").FullName;
        var runAs = Environment.IsPrivilegedProcess ? UnprivilegedUser() : null;
        var server = new PrivateServer(folder, binaries, runAs, FreePort());
        server.StartWatchdog(Environment.ProcessId);
        if (runAs is not null)
        {
            await server.RunAsync("chown", [runAs, folder], asOwner: false);
        }

        // Trust on the loopback only: the server is private to this run and listens nowhere else. --no-sync skips only
        // initdb's own final flush of the empty cluster; the server's settings decide the benchmark's durability.
        await server.RunAsync(binaries.InitDb, ["-D", server.DataFolder, "-U", Role, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        await server.RunAsync(binaries.PgCtl, ["-D", server.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", server.ServerOptions, "start"]);
        await server.RunAsync(binaries.Psql, ["-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", Role, "-d", "postgres", "-qAt", "-c", $"CREATE DATABASE {Database}"]);
        return server;
    }

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
        catch (IOException)
        {
            // The watchdog removes what is left once the benchmark has ended.
        }
    }

    private string ServerOptions =>
        $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{Folder}' " +
        string.Join(' ', Settings.Select(s => $"-c {s.Name}={s.Value}"));

    /// <summary>
    /// <c>setsid -f</c> forks it off, so a benchmark killed mid-run does not leave a server running on a shared machine:
    /// it waits for the benchmark's process to end, then stops the server and removes its folder.
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
                $"The benchmark's private PostgreSQL: `{program} {string.Join(' ', arguments)}` exited with {process.ExitCode}.\n{await output}{await errors}" +
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
