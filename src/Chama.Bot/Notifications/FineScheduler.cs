using System.Globalization;
using Chama.Bot.Payments;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Fines;
using Chama.Data.Outbox;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Notifications;

/// <summary>
/// Every minute, charges the late fine to each member not fully paid in a round of a running cycle whose grace period
/// has ended (the constitution's <see cref="Constitution.LateFine"/>, once a round or once for each day late up to the
/// cap, held by the database however often this runs), and tells each fined member of each fine, quoting the rule. A
/// round is fined by the constitution in force when it began (<see cref="RoundRules"/>). Fines are charged at any hour;
/// their messages wait for the end of quiet hours.
/// </summary>
public sealed partial class FineScheduler(
    ChamaStore chamas,
    ConstitutionStore constitutions,
    CycleStore cycles,
    FineStore fines,
    MessageTexts texts,
    Outbox outbox,
    IOptionsMonitor<ReminderOptions> options,
    TimeProvider clock,
    ILogger<FineScheduler> logger) : PollingWorker(logger)
{
    private const string FineTemplate = "fine_charged";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = NairobiTime.Now(clock);
        var quiet = options.CurrentValue.IsQuiet(TimeOnly.FromDateTime(now.DateTime));
        var messages = new List<OutboundMessage>();
        foreach (var chama in await chamas.GetChamasAsync(cancellationToken))
        {
            if (await cycles.FindActiveCycleAsync(chama.Id, cancellationToken) is not { } cycle)
            {
                continue;
            }

            // Each round is fined by the rules in force when it began: a change made during a round applies from the next.
            var versions = (await constitutions.GetVersionsAsync(chama.Id, cancellationToken)).Select(v => (v.ChangedAt, v.Rules)).ToList();
            if (!versions.Any(v => LateFines.Applies(v.Rules)))
            {
                continue;
            }

            var rounds = await cycles.GetRoundsAsync(cycle.Id, cancellationToken);
            var rulesByRound = rounds.ToDictionary(r => r.Id, r => chama with { Constitution = RoundRules.For(versions, rounds, r) });
            foreach (var round in rounds)
            {
                var governed = rulesByRound[round.Id];
                if (LateFines.Applies(governed.Constitution) && LateFines.GraceHasEnded(round.DueDate, governed.Constitution.GraceDays, now)
                    && await fines.ChargeAsync(governed, round, cancellationToken) is { Count: > 0 } charged)
                {
                    LogCharged(charged.Count, chama.Code, round.Number);
                }
            }

            if (quiet || await fines.GetUnannouncedAsync(cycle.Id, cancellationToken) is not { Count: > 0 } unannounced)
            {
                continue;
            }

            var members = (await chamas.GetMembersAsync(chama.Id, cancellationToken)).ToDictionary(m => m.Id);
            var byId = rounds.ToDictionary(r => r.Id);
            messages.AddRange(unannounced.Select(fine => Notice(rulesByRound[fine.RoundId], byId[fine.RoundId], members[fine.MemberId], fine)));
        }

        if (messages.Count > 0)
        {
            await outbox.EnqueueAllAsync(messages, cancellationToken);
        }
    }

    /// <summary>
    /// The fine notice, with the approved WhatsApp template's variables for outside the 24-hour window: rule number,
    /// name, chama, round, fine number, amount (<c>Twilio:ContentSids:fine_charged</c>).
    /// </summary>
    private OutboundMessage Notice(ChamaGroup chama, Round round, Member member, Fine fine)
    {
        var body = texts.Render(member.Language, FineTemplate, new
        {
            name = member.Name,
            chama = chama.Name,
            amount = fine.Amount.ToString(),
            round = round.Number,
            due_date = round.DueDate.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
            grace = chama.Constitution.GraceDays,
            id = fine.Id,
            daily = chama.Constitution.FineMode == FineMode.PerDay,
            rate = chama.Constitution.LateFine.ToString(),
            cap = chama.Constitution.FineCap?.ToString() ?? "",
            day = fine.Day,
        });
        var variables = OutboundMessage.Positional(
            ((int)Clause.LateFine).ToString(CultureInfo.InvariantCulture), member.Name, chama.Name, round.Number.ToString(CultureInfo.InvariantCulture),
            fine.Id.ToString(CultureInfo.InvariantCulture), fine.Amount.ToString());
        return new OutboundMessage(FineStore.NoticeKey(fine.Id), chama.Id, member.Id, member.Phone, body, FineTemplate, variables);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charged {Count} late fines in {Chama} round {Round}")]
    private partial void LogCharged(int count, string chama, int round);
}
