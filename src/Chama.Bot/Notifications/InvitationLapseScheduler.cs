using Chama.Bot.Payments;
using Chama.Data.Invitations;

namespace Chama.Bot.Notifications;

/// <summary>
/// Every minute, records the lapse of each invitation left unanswered for 7 days (once each: an invitation is answered
/// or lapses once, held by the database). Nobody is messaged: the invitee was asked once, and the officers see the
/// lapse in <c>INVITES</c> and on the dashboard.
/// </summary>
public sealed partial class InvitationLapseScheduler(InvitationStore invitations, ILogger<InvitationLapseScheduler> logger) : PollingWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await invitations.LapseDueAsync(cancellationToken) is > 0 and var lapsed)
        {
            LogLapsed(lapsed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} invitations lapsed unanswered")]
    private partial void LogLapsed(int count);
}
