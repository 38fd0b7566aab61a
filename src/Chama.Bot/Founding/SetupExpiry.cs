using Chama.Bot.Payments;
using Chama.Data.Founding;

namespace Chama.Bot.Founding;

/// <summary>
/// Every hour, deletes chama set-ups not answered for <see cref="FoundingStore.DraftLifetime"/> (7 days). A draft creates
/// nothing until it is founded, so an abandoned one leaves no chama behind. Times come from the host's
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed partial class SetupExpiry(FoundingStore setups, TimeProvider clock, ILogger<SetupExpiry> logger) : PollingWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await setups.DeleteExpiredAsync(cancellationToken) is > 0 and var deleted)
        {
            LogDeleted(deleted);
        }
    }

    protected override Task WaitAsync(CancellationToken stoppingToken) => Task.Delay(Interval, clock, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} abandoned chama set-ups deleted")]
    private partial void LogDeleted(int count);
}
