using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>Welfare request: kind, amount, a short reason, confirm. The request is recorded and every other officer is told.</summary>
public sealed class WelfareFlow : ConversationFlow<WelfareFlow.State, WelfareFlow.Trigger, string>
{
    private const string KindKey = "kind";
    private const string AmountKey = "amount";
    private const string ReasonKey = "reason";
    private static readonly WelfareKind[] Kinds = [WelfareKind.Funeral, WelfareKind.Hospital, WelfareKind.Emergency, WelfareKind.Other];

    public enum State
    {
        ChoosingKind,
        EnteringAmount,
        EnteringReason,
        Confirming,
        Sent,
        Cancelled,
    }

    public enum Trigger
    {
        KindChosen,
        AmountEntered,
        ReasonEntered,
        Confirm,
        Cancel,
        Back,
    }

    public override string Name => "welfare";

    protected override State First => State.ChoosingKind;

    protected override Trigger Back => Trigger.Back;

    /// <summary>Every answer here is judged by its text alone.</summary>
    protected override Task<string> ReadAsync(FlowContext context, State state, string input) => Task.FromResult(input);

    protected override void Configure(Machine machine)
    {
        var session = () => machine.Context.Session;
        machine.States.Configure(State.ChoosingKind)
            .OnEntryAsync(machine.Prompt(State.ChoosingKind), "ask the kind")
            .PermitIf(machine[Trigger.KindChosen], State.EnteringAmount, text => Kind(text) is not null, "a kind on the list");
        machine.States.Configure(State.EnteringAmount)
            .OnEntryFrom(machine[Trigger.KindChosen], text => session().Set(KindKey, Kind(text)!.Value.ToString()), "keep the kind")
            .OnEntryAsync(machine.Prompt(State.EnteringAmount), "ask the amount")
            .PermitIf(machine[Trigger.AmountEntered], State.EnteringReason, text => Amount(machine.Context, text) is not null, "an amount within the limit")
            .Permit(Trigger.Back, State.ChoosingKind);
        machine.States.Configure(State.EnteringReason)
            .OnEntryFrom(machine[Trigger.AmountEntered], text => session().Set(AmountKey, Amount(machine.Context, text)!.Value.Minor), "keep the amount")
            .OnEntryAsync(machine.Prompt(State.EnteringReason), "ask the reason")
            .PermitIf(machine[Trigger.ReasonEntered], State.Confirming, text => text.Trim().Length is > 0 and <= WelfareRequest.MaxReasonLength, "a short reason")
            .Permit(Trigger.Back, State.EnteringAmount);
        machine.States.Configure(State.Confirming)
            .OnEntryFrom(machine[Trigger.ReasonEntered], text => session().Set(ReasonKey, text.Trim()), "keep the reason")
            .OnEntryAsync(machine.Prompt(State.Confirming), "ask to confirm")
            .PermitIf(machine[Trigger.Confirm], State.Sent, text => Input.Is(text, "1"), "1")
            .PermitIf(machine[Trigger.Cancel], State.Cancelled, text => Input.Is(text, "2"), "2")
            .Permit(Trigger.Back, State.EnteringReason);
        machine.States.Configure(State.Sent)
            .OnEntryAsync(async () => machine.Reply = FlowReply.Finished(await SendAsync(machine.Context)), "record the request and tell the officers");
        machine.States.Configure(State.Cancelled)
            .OnEntryAsync(machine.Prompt(State.Cancelled), "back to the menu");
    }

    protected override async Task<FlowReply> NotUnderstoodAsync(FlowContext context, State state, string answer) =>
        state == State.EnteringAmount
            ? FlowReply.Continue(context.Say("welfare_amount_invalid", new { limit = context.Chama.Constitution.WelfarePayoutLimit?.ToString() ?? "" }))
            : await PromptAsync(context, state, context.Say("hint_unknown"));

    private static WelfareKind? Kind(string text) => Input.TryParseChoice(text, Kinds.Length, out var choice) ? Kinds[choice - 1] : null;

    /// <summary>An amount as members write it, within the constitution's limit for one request when it has one.</summary>
    private static Money? Amount(FlowContext context, string text) =>
        Input.TryParseShillings(text, out var amount) && amount <= (context.Chama.Constitution.WelfarePayoutLimit ?? amount) ? amount : null;

    protected override Task<FlowReply> PromptAsync(FlowContext context, State state, string hint)
    {
        var reply = state switch
        {
            State.ChoosingKind => FlowReply.Continue(context.Say("welfare_kind")),
            State.EnteringAmount => FlowReply.Continue(context.Say("welfare_amount")),
            State.EnteringReason => FlowReply.Continue(context.Say("welfare_reason", new { max = WelfareRequest.MaxReasonLength })),
            State.Confirming => FlowReply.Continue(Confirmation(context)),
            State.Cancelled => FlowReply.ToMenu(context.Say("cancelled")),
            _ => throw new InvalidOperationException($"No prompt for {state}."),
        };
        return Task.FromResult(hint.Length > 0 ? reply with { Text = $"{hint}\n{reply.Text}" } : reply);
    }

    private static string Confirmation(FlowContext context)
    {
        var (kind, amount, reason) = Entered(context);
        // A long reason is cut on the USSD screen only; the full reason is what gets recorded.
        var shownReason = context.IsUssd && reason.Length > 60 ? reason[..59] + "." : reason;
        return context.Say("welfare_confirm", new { amount = amount.ToString(), kind = KindName(context, kind), reason = shownReason });
    }

    private static async Task<string> SendAsync(FlowContext context)
    {
        var (kind, amount, reason) = Entered(context);
        var request = await context.Services.Welfare.RequestAsync(context.Member.Id, kind, amount, reason, context.Actor, context.StepKey("welfare"));
        var code = $"W{request.Id}";
        var officers = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).Where(m => m.Active && m.IsOfficer && m.Id != context.Member.Id);
        foreach (var officer in officers)
        {
            var notice = context.Services.Texts.Render(officer.Language, "welfare_officer_notice", new
            {
                code,
                member = context.Member.Name,
                amount = amount.ToString(),
                kind = context.Services.Texts.Render(officer.Language, $"kind_{kind.ToString().ToLowerInvariant()}"),
                reason,
            });
            await context.Services.Outbox.EnqueueAsync(new OutboundMessage($"welfare:{request.Id}:officer:{officer.Id}", context.Chama.Id, officer.Id, officer.Phone, notice));
        }

        return context.Say("welfare_sent", new { code, amount = amount.ToString() });
    }

    private static (WelfareKind Kind, Money Amount, string Reason) Entered(FlowContext context) =>
        (Enum.Parse<WelfareKind>(context.Session.Get(KindKey)!),
         new Money(context.Session.GetLong(AmountKey)!.Value, context.Chama.Currency),
         context.Session.Get(ReasonKey)!);

    private static string KindName(FlowContext context, WelfareKind kind) => context.Say($"kind_{kind.ToString().ToLowerInvariant()}");
}
