using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The real host as its own operating-system process (<c>dotnet Chama.Bot.dll</c>, the build next to the tests), so it
/// can be killed as a power cut would: <see cref="Kill"/> is SIGKILL on Linux, no shutdown code runs. Its settings are
/// environment variables, as an operator gives them.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private const int MaxOutput = 64 * 1024;
    private readonly Process process;
    private readonly StringBuilder output = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    /// <summary>What the host printed, for a failing assertion's message.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the host with <paramref name="settings"/> and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var port = FreePort();
        var host = new HostProcess(new Process { StartInfo = StartInfo(settings, port) }, new Uri($"http://127.0.0.1:{port}/"));
        host.process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        host.process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        host.process.Start();
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        await host.WaitUntilReadyAsync(timeout);
        return host;
    }

    /// <summary>The host as an operator starts it in production: its settings are environment variables.</summary>
    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Chama.Bot.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    /// <summary>Runs the host with <paramref name="settings"/> and, when it stops on its own within the timeout, returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var start = StartInfo(settings, FreePort());
        using var process = new Process { StartInfo = start };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not exit within {timeout}.");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>SIGKILL: the process ends at once, mid-request, mid-transaction.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }
    }

    public async Task WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        Kill();
        process.WaitForExit(10_000);
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The host was not ready within {timeout}:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < MaxOutput)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
