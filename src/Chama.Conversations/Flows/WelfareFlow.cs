using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>Welfare request: kind, amount, a short reason, confirm. The request is recorded and every other officer is told.</summary>
public sealed class WelfareFlow : ConversationFlow<WelfareFlow.State, WelfareFlow.Trigger, WelfareFlow.Answer>
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

    /// <summary>The member's answer, with what the welfare fund can pay now when it is an amount (payouts on their way already taken off).</summary>
    public sealed record Answer(string Text, Money? Fund = null);

    protected override async Task<Answer> ReadAsync(FlowContext context, State state, string input) =>
        state == State.EnteringAmount && Amount(context, input) is not null
            ? new Answer(input, await context.Services.Welfare.GetAvailableAsync(context.Chama.Id))
            : new Answer(input);

    protected override void Configure(Machine machine)
    {
        var session = () => machine.Context.Session;
        machine.States.Configure(State.ChoosingKind)
            .OnEntryAsync(machine.Prompt(State.ChoosingKind), "ask the kind")
            .PermitIf(machine[Trigger.KindChosen], State.EnteringAmount, answer => Kind(answer.Text) is not null, "a kind on the list");
        machine.States.Configure(State.EnteringAmount)
            .OnEntryFrom(machine[Trigger.KindChosen], answer => session().Set(KindKey, Kind(answer.Text)!.Value.ToString()), "keep the kind")
            .OnEntryAsync(machine.Prompt(State.EnteringAmount), "ask the amount")
            .PermitIf(machine[Trigger.AmountEntered], State.EnteringReason, answer => Amount(machine.Context, answer.Text) <= answer.Fund, "an amount within the limit and the fund")
            .Permit(Trigger.Back, State.ChoosingKind);
        machine.States.Configure(State.EnteringReason)
            .OnEntryFrom(machine[Trigger.AmountEntered], answer => session().Set(AmountKey, Amount(machine.Context, answer.Text)!.Value.Minor), "keep the amount")
            .OnEntryAsync(machine.Prompt(State.EnteringReason), "ask the reason")
            .PermitIf(machine[Trigger.ReasonEntered], State.Confirming, answer => answer.Text.Trim().Length is > 0 and <= WelfareRequest.MaxReasonLength, "a short reason")
            .Permit(Trigger.Back, State.EnteringAmount);
        machine.States.Configure(State.Confirming)
            .OnEntryFrom(machine[Trigger.ReasonEntered], answer => session().Set(ReasonKey, answer.Text.Trim()), "keep the reason")
            .OnEntryAsync(machine.Prompt(State.Confirming), "ask to confirm")
            .PermitIf(machine[Trigger.Confirm], State.Sent, answer => Input.Is(answer.Text, "1"), "1")
            .PermitIf(machine[Trigger.Cancel], State.Cancelled, answer => Input.Is(answer.Text, "2"), "2")
            .Permit(Trigger.Back, State.EnteringReason);
        machine.States.Configure(State.Sent)
            .OnEntryAsync(async () => machine.Reply = FlowReply.Finished(await SendAsync(machine.Context)), "record the request and tell the officers");
        machine.States.Configure(State.Cancelled)
            .OnEntryAsync(machine.Prompt(State.Cancelled), "back to the menu");
    }

    /// <summary>An amount the fund cannot pay is refused saying what it holds, and the member may type a smaller one.</summary>
    protected override async Task<FlowReply> NotUnderstoodAsync(FlowContext context, State state, Answer answer) => state switch
    {
        State.EnteringAmount when answer.Fund is { } fund => FlowReply.Continue(FundShort(context, fund, Amount(context, answer.Text)!.Value, retry: true)),
        State.EnteringAmount => FlowReply.Continue(context.Say("welfare_amount_invalid", new
        {
            limit = context.Chama.Constitution.WelfarePayoutLimit?.ToString() ?? "", currency = context.Chama.Currency, example = Money.Major(100, context.Chama.Currency).FormatPlain(),
        })),
        _ => await PromptAsync(context, state, context.Say("hint_unknown")),
    };

    private static WelfareKind? Kind(string text) => Input.TryParseChoice(text, Kinds.Length, out var choice) ? Kinds[choice - 1] : null;

    /// <summary>
    /// An amount as members write it, in the chama's currency, within the constitution's limit for one request when it
    /// has one; whole shillings where M-Pesa pays the payout, since it pays nothing smaller.
    /// </summary>
    private static Money? Amount(FlowContext context, string text) =>
        Money.TryParse(text, context.Chama.Currency, out var amount)
        && (amount.IsWholeMajor || !MpesaReach.Serves(context.Chama.Currency))
        && amount <= (context.Chama.Constitution.WelfarePayoutLimit ?? amount)
            ? amount
            : null;

    protected override Task<FlowReply> PromptAsync(FlowContext context, State state, string hint)
    {
        var reply = state switch
        {
            State.ChoosingKind => FlowReply.Continue(context.Say("welfare_kind")),
            State.EnteringAmount => FlowReply.Continue(context.Say("welfare_amount", new { currency = context.Chama.Currency })),
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
        WelfareRequest request;
        try
        {
            request = await context.Services.Welfare.RequestAsync(context.Member.Id, kind, amount, reason, context.Actor, context.StepKey("welfare"));
        }
        catch (ChamaException refused) when (refused.Facts is Money fund)
        {
            // The fund was spent while the member typed: the request is refused when it is made, never sent to officers.
            return FundShort(context, fund, amount, retry: false);
        }

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

    private static string FundShort(FlowContext context, Money fund, Money amount, bool retry) =>
        context.Say("welfare_fund_short", new { fund = fund.ToString(), amount = amount.ToString(), retry });

    /// <summary>The words of a request closed unpaid because the fund was short (<see cref="Data.Welfare.WelfareLedger.CloseUnpayableAsync"/>).</summary>
    public static string ClosedText(MessageTexts texts, Language language, WelfareClosure closure, bool requester, bool ussd = false) =>
        texts.Render(language, "welfare_closed", new
        {
            code = ApprovalSubject.CodeFor(ApprovalKind.Welfare, closure.Request.Id),
            member = closure.Requester.Name,
            amount = closure.Request.Amount.ToString(),
            fund = closure.Fund.ToString(),
            requester,
        }, ussd);

    /// <summary>The closure told to the requester and to every officer but the one whose approval found the fund short (they get it as the answer).</summary>
    public static IEnumerable<OutboundMessage> ClosedNotices(MessageTexts texts, WelfareClosure closure, IReadOnlyList<Member> officers) =>
        officers.Where(o => o.Id != closure.Officer.Id && o.Id != closure.Requester.Id)
            .Select(o => (Member: o, Requester: false))
            .Prepend((Member: closure.Requester, Requester: true))
            .Select(to => new OutboundMessage(
                $"welfare-closed:{closure.Request.Id}:{to.Member.Id}", closure.Request.ChamaId, to.Member.Id, to.Member.Phone, ClosedText(texts, to.Member.Language, closure, to.Requester)));

    private static (WelfareKind Kind, Money Amount, string Reason) Entered(FlowContext context) =>
        (Enum.Parse<WelfareKind>(context.Session.Get(KindKey)!),
         new Money(context.Session.GetLong(AmountKey)!.Value, context.Chama.Currency),
         context.Session.Get(ReasonKey)!);

    private static string KindName(FlowContext context, WelfareKind kind) => context.Say($"kind_{kind.ToString().ToLowerInvariant()}");
}
