using Chama.Core;
using Stateless.Graph;

namespace Chama.Conversations.Flows;

/// <summary>Who's pending: the current round's defaulters in seat order with what each owes, when the constitution allows.</summary>
public sealed class PendingFlow : IFlow
{
    private enum State
    {
        Menu,
        Showing,
        Refused,
    }

    private enum Trigger
    {
        Show,
        Refuse,
    }

    public string Name => "pending";

    public async Task<FlowReply> StartAsync(FlowContext context)
    {
        if (!context.Member.IsOfficer && !context.Chama.Constitution.MembersMaySeePending)
        {
            return FlowReply.Finished(context.Say("pending_hidden", new { chama = context.Short(context.Chama.Name, 30) }));
        }

        if (await context.Services.Cycles.FindCurrentRoundAsync(context.Chama.Id, context.Today) is not { } round)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        var summary = await context.Services.Ledger.GetRoundSummaryAsync(round.Id);
        var collected = context.Say("collected", new { collected = summary.Collected.ToString(), expected = summary.ExpectedPot.FormatAmount() });
        var defaulters = summary.Defaulters;
        if (defaulters.Count == 0)
        {
            return FlowReply.Finished(context.Say("pending_none", new { round = round.Number, collected }));
        }

        return FlowReply.Finished(ScreenFit.Longest(defaulters.Count, context.IsUssd, shown => context.Say("pending", new
        {
            round = round.Number,
            count = defaulters.Count,
            defaulters = defaulters.Take(shown).Select(d => new { name = context.Short(d.Member.Name, 16), owes = Owes(d, context) }).ToList(),
            more = defaulters.Count - shown,
            collected,
        })));
    }

    public Task<FlowReply> ContinueAsync(FlowContext context, string input) => StartAsync(context);

    public string ToDotGraph()
    {
        var machine = FlowMachine.Create<State, Trigger>(null, State.Menu);
        machine.Configure(State.Menu).Permit(Trigger.Show, State.Showing).Permit(Trigger.Refuse, State.Refused);
        return UmlDotGraph.Format(machine.GetInfo());
    }

    // USSD screens are tight: the amount without the currency, which the collected line states.
    private static string Owes(MemberRoundStatus status, FlowContext context) =>
        context.IsUssd ? status.Remainder.FormatAmount() : status.Remainder.ToString();
}
