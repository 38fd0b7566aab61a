using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;
using Stateless;
using Stateless.Graph;

namespace Chama.Conversations.Flows;

/// <summary>Welfare request: kind, amount, a short reason, confirm. The request is recorded and every other officer is told.</summary>
public sealed class WelfareFlow : IFlow
{
    private const string KindKey = "kind";
    private const string AmountKey = "amount";
    private const string ReasonKey = "reason";
    private static readonly WelfareKind[] Kinds = [WelfareKind.Funeral, WelfareKind.Hospital, WelfareKind.Emergency, WelfareKind.Other];

    private enum State
    {
        ChoosingKind,
        EnteringAmount,
        EnteringReason,
        Confirming,
        Sent,
        Cancelled,
    }

    private enum Trigger
    {
        KindChosen,
        AmountEntered,
        ReasonEntered,
        Confirm,
        Cancel,
        Back,
    }

    public string Name => "welfare";

    public Task<FlowReply> StartAsync(FlowContext context)
    {
        context.Session.SetState(State.ChoosingKind);
        return PromptAsync(context, State.ChoosingKind, "");
    }

    public async Task<FlowReply> ContinueAsync(FlowContext context, string input)
    {
        var machine = Machine(context);
        var trigger = Interpret(context, machine.State, input);
        if (trigger is null)
        {
            var hint = machine.State == State.EnteringAmount ? "" : context.Say("hint_unknown");
            return machine.State == State.EnteringAmount
                ? FlowReply.Continue(context.Say("welfare_amount_invalid", new { limit = context.Chama.Constitution.WelfarePayoutLimit?.ToString() ?? "" }))
                : await PromptAsync(context, machine.State, hint);
        }

        if (!machine.CanFire(trigger.Value))
        {
            return FlowReply.ToMenu();
        }

        if (trigger == Trigger.AmountEntered && await FundShortAsync(context, retry: true) is { } refusal)
        {
            return FlowReply.Continue(refusal);
        }

        await machine.FireAsync(trigger.Value);
        return await PromptAsync(context, machine.State, "");
    }

    public string ToDotGraph() => UmlDotGraph.Format(Machine(null).GetInfo());

    private static StateMachine<State, Trigger> Machine(FlowContext? context)
    {
        var machine = FlowMachine.Create<State, Trigger>(context, State.ChoosingKind);

        machine.Configure(State.ChoosingKind).Permit(Trigger.KindChosen, State.EnteringAmount);
        machine.Configure(State.EnteringAmount).Permit(Trigger.AmountEntered, State.EnteringReason).Permit(Trigger.Back, State.ChoosingKind);
        machine.Configure(State.EnteringReason).Permit(Trigger.ReasonEntered, State.Confirming).Permit(Trigger.Back, State.EnteringAmount);
        machine.Configure(State.Confirming)
            .Permit(Trigger.Confirm, State.Sent)
            .Permit(Trigger.Cancel, State.Cancelled)
            .Permit(Trigger.Back, State.EnteringReason);
        return machine;
    }

    private static Trigger? Interpret(FlowContext context, State state, string input)
    {
        if (Input.Is(input, Input.Back))
        {
            return Trigger.Back;
        }

        switch (state)
        {
            case State.ChoosingKind when Input.TryParseChoice(input, Kinds.Length, out var choice):
                context.Session.Set(KindKey, Kinds[choice - 1].ToString());
                return Trigger.KindChosen;
            case State.EnteringAmount when Input.TryParseShillings(input, out var amount) && amount <= (context.Chama.Constitution.WelfarePayoutLimit ?? amount):
                context.Session.Set(AmountKey, amount.Minor);
                return Trigger.AmountEntered;
            case State.EnteringReason when input.Trim().Length is > 0 and <= WelfareRequest.MaxReasonLength:
                context.Session.Set(ReasonKey, input.Trim());
                return Trigger.ReasonEntered;
            case State.Confirming when Input.Is(input, "1"):
                return Trigger.Confirm;
            case State.Confirming when Input.Is(input, "2"):
                return Trigger.Cancel;
            default:
                return null;
        }
    }

    private static async Task<FlowReply> PromptAsync(FlowContext context, State state, string hint)
    {
        FlowReply reply = state switch
        {
            State.ChoosingKind => FlowReply.Continue(context.Say("welfare_kind")),
            State.EnteringAmount => FlowReply.Continue(context.Say("welfare_amount")),
            State.EnteringReason => FlowReply.Continue(context.Say("welfare_reason", new { max = WelfareRequest.MaxReasonLength })),
            State.Confirming => FlowReply.Continue(Confirmation(context)),
            State.Sent => FlowReply.Finished(await SendAsync(context)),
            State.Cancelled => FlowReply.ToMenu(context.Say("cancelled")),
            _ => throw new InvalidOperationException($"No prompt for {state}."),
        };
        return hint.Length > 0 ? reply with { Text = $"{hint}\n{reply.Text}" } : reply;
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

    /// <summary>The refusal of an amount more than the fund can pay now (after payouts on their way); null when it can.</summary>
    private static async Task<string?> FundShortAsync(FlowContext context, bool retry)
    {
        var amount = new Money(context.Session.GetLong(AmountKey)!.Value, context.Chama.Currency);
        var fund = await context.Services.Welfare.GetAvailableAsync(context.Chama.Id);
        return amount > fund ? FundShort(context, fund, amount, retry) : null;
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
