using Chama.Bot.Payments;
using Chama.Conversations;
using Chama.Data.Conversations;

namespace Chama.Bot.Sessions;

/// <summary>
/// Every minute, deletes conversation sessions past their channel's lifetime (USSD: Africa's Talking's 180 s; WhatsApp
/// state: a day; see <see cref="ConversationEngine.SessionLifetime"/>). The engine never reads an expired session, so
/// the purge only keeps the table to the conversations that are still live. Times come from the host's
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed partial class SessionPurge(SessionStore sessions, TimeProvider clock, ILogger<SessionPurge> logger) : PollingWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var name = Inbound.NameOf(channel);
            if (await sessions.PurgeAsync(name, now - ConversationEngine.SessionLifetime(channel), cancellationToken) is > 0 and var purged)
            {
                LogPurged(purged, name);
            }
        }
    }

    protected override Task WaitAsync(CancellationToken stoppingToken) => Task.Delay(Interval, clock, stoppingToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} expired {Channel} sessions purged")]
    private partial void LogPurged(int count, string channel);
}
