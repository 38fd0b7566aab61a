using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// Keeps what the host logs (category, level, message), to check what a failure leaves in the logs: warnings and
/// above, or everything from <paramref name="minimum"/> up (with the host's own log level lowered to match).
/// </summary>
public sealed class LogRecorder(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, minimum, entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, LogLevel minimum, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
