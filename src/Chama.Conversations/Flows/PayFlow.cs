using Chama.Core;
using Chama.Data.Fines;
using Stateless;
using Stateless.Graph;

namespace Chama.Conversations.Flows;

/// <summary>
/// Pay: shows what is due this round (the remainder if partly paid, credit already applied), takes that or another amount,
/// or the late fines the member owes, confirms, then queues the M-Pesa STK push. The push is sent by a worker after the
/// reply, so on USSD the session has ended before the PIN prompt arrives.
/// </summary>
public sealed class PayFlow : IFlow
{
    private const string AmountKey = "amount";
    private const string RoundKey = "round";
    private const string PurposeKey = "purpose";
    private const string LevyKey = "levy";

    private enum State
    {
        ShowingDue,
        EnteringAmount,
        Confirming,
        Queued,
        Cancelled,
    }

    private enum Trigger
    {
        PayDue,
        PayOtherAmount,
        PayFines,
        AmountEntered,
        Confirm,
        Cancel,
        Back,
    }

    public string Name => "pay";

    public async Task<FlowReply> StartAsync(FlowContext context)
    {
        if (await context.Services.Cycles.FindRoundToPayAsync(context.Chama.Id, context.Member.Id, context.Today) is not { } round)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        context.Session.Set(RoundKey, round.Id);
        context.Session.SetState(State.ShowingDue);
        return await PromptAsync(context, State.ShowingDue);
    }

    public async Task<FlowReply> ContinueAsync(FlowContext context, string input)
    {
        var machine = Machine(context);
        var trigger = await InterpretAsync(context, machine.State, input);
        if (trigger is null)
        {
            return machine.State == State.EnteringAmount
                ? FlowReply.Continue(context.Say("pay_amount_invalid", Limits))
                : await PromptAsync(context, machine.State, context.Say("hint_unknown"));
        }

        if (!machine.CanFire(trigger.Value))
        {
            return FlowReply.ToMenu();
        }

        await machine.FireAsync(trigger.Value);
        return await PromptAsync(context, machine.State);
    }

    public string ToDotGraph() => UmlDotGraph.Format(Machine(null).GetInfo());

    private static object Limits => new { min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString() };

    private static StateMachine<State, Trigger> Machine(FlowContext? context)
    {
        var machine = FlowMachine.Create<State, Trigger>(context, State.ShowingDue);

        machine.Configure(State.ShowingDue)
            .Permit(Trigger.PayDue, State.Confirming)
            .Permit(Trigger.PayFines, State.Confirming)
            .Permit(Trigger.PayOtherAmount, State.EnteringAmount);
        machine.Configure(State.EnteringAmount)
            .Permit(Trigger.AmountEntered, State.Confirming)
            .Permit(Trigger.Back, State.ShowingDue);
        machine.Configure(State.Confirming)
            .Permit(Trigger.Confirm, State.Queued)
            .Permit(Trigger.Cancel, State.Cancelled)
            .Permit(Trigger.Back, State.ShowingDue);
        machine.Configure(State.Queued)
            .OnEntryAsync(() => QueuePaymentAsync(context!), "queue the STK push");
        return machine;
    }

    /// <summary>Turns what the member typed into a trigger, remembering any amount; null when it means nothing here.</summary>
    private static async Task<Trigger?> InterpretAsync(FlowContext context, State state, string input)
    {
        if (Input.Is(input, Input.Back))
        {
            return Trigger.Back;
        }

        switch (state)
        {
            case State.ShowingDue when Input.Is(input, "1"):
                var due = await DueAsync(context);
                if (!due.IsPositive)
                {
                    return null;
                }

                context.Session.Set(AmountKey, due.Minor);
                context.Session.Set(PurposeKey, PaymentPurpose.Contribution.ToString());
                return Trigger.PayDue;
            case State.ShowingDue when Input.Is(input, "2"):
                context.Session.Set(PurposeKey, PaymentPurpose.Contribution.ToString());
                return Trigger.PayOtherAmount;
            case State.ShowingDue when Input.Is(input, "3"):
                var (fines, levy) = await WelfareOwedAsync(context);
                if (!NewPaymentRequest.IsPushable(fines + levy))
                {
                    return null;
                }

                context.Session.Set(AmountKey, (fines + levy).Minor);
                context.Session.Set(LevyKey, levy.Minor);
                context.Session.Set(PurposeKey, PaymentPurpose.Fines.ToString());
                return Trigger.PayFines;
            case State.EnteringAmount when Input.TryParseShillings(input, out var amount) && NewPaymentRequest.IsPushable(amount):
                context.Session.Set(AmountKey, amount.Minor);
                return Trigger.AmountEntered;
            case State.Confirming when Input.Is(input, "1"):
                return Trigger.Confirm;
            case State.Confirming when Input.Is(input, "2"):
                return Trigger.Cancel;
            default:
                return null;
        }
    }

    private static async Task<FlowReply> PromptAsync(FlowContext context, State state, string hint = "")
    {
        var round = (await context.Services.Ledger.GetRoundSummaryAsync(context.Session.GetLong(RoundKey)!.Value)).Round;
        var amount = new Money(context.Session.GetLong(AmountKey) ?? 0, context.Chama.Currency);
        var text = state switch
        {
            State.ShowingDue => await DueScreenAsync(context, round),
            State.EnteringAmount => context.Say("pay_amount", Limits),
            State.Confirming => context.Say("pay_confirm", new
            {
                amount = amount.ToString(), chama = context.Short(context.Chama.Name, 24), round = round.Number, phone = context.Member.Phone.E164, fines = Purpose(context) == PaymentPurpose.Fines,
                levy = Purpose(context) == PaymentPurpose.Fines && context.Session.GetLong(LevyKey) is > 0,
                levy_only = Purpose(context) == PaymentPurpose.Fines && context.Session.GetLong(LevyKey) == context.Session.GetLong(AmountKey),
            }),
            State.Queued => context.Say("pay_started", new { amount = amount.ToString() }),
            State.Cancelled => context.Say("cancelled"),
            _ => throw new InvalidOperationException($"No prompt for {state}."),
        };
        var withHint = hint.Length > 0 ? $"{hint}\n{text}" : text;
        return state switch
        {
            State.Queued => FlowReply.Finished(withHint),
            State.Cancelled => FlowReply.ToMenu(withHint),
            _ => FlowReply.Continue(withHint),
        };
    }

    private static async Task<string> DueScreenAsync(FlowContext context, Round round)
    {
        var due = await DueAsync(context);
        var (fines, levy) = await WelfareOwedAsync(context);
        var owed = fines + levy;
        return context.Say("pay_due", new
        {
            round = round.Number, due_date = context.Date(round.DueDate), due = due.ToString(), paid_up = !due.IsPositive,
            fines = NewPaymentRequest.IsPushable(owed) ? owed.ToString() : "",
            levy = levy.IsPositive ? levy.ToString() : "",
        });
    }

    /// <summary>
    /// What the member owes the welfare fund, offered as one payment of its own: late fines (neither waived nor paid)
    /// and the welfare levy not yet paid this cycle. The push settles the fines in full, oldest first, and the rest stays
    /// in the welfare fund as the member's contribution, which is what pays the levy.
    /// </summary>
    private static async Task<(Money Fines, Money Levy)> WelfareOwedAsync(FlowContext context)
    {
        var fines = FineStore.Total(await context.Services.Fines.GetOwedAsync(context.Member.Id), context.Chama.Currency);
        var statement = await context.Services.Statements.FindAsync(context.Member, context.Today);
        return (fines, statement?.LevyOwed ?? Money.Zero(context.Chama.Currency));
    }

    private static PaymentPurpose Purpose(FlowContext context) =>
        Enum.TryParse<PaymentPurpose>(context.Session.Get(PurposeKey), out var purpose) ? purpose : PaymentPurpose.Contribution;

    /// <summary>What the member still owes this round, after partial payments and credit.</summary>
    private static async Task<Money> DueAsync(FlowContext context)
    {
        var summary = await context.Services.Ledger.GetRoundSummaryAsync(context.Session.GetLong(RoundKey)!.Value);
        return summary.For(context.Member.Id)?.Remainder ?? Money.Zero(context.Chama.Currency);
    }

    private static async Task QueuePaymentAsync(FlowContext context)
    {
        var amount = new Money(context.Session.GetLong(AmountKey)!.Value, context.Chama.Currency);
        await context.Services.Payments.QueueAsync(new NewPaymentRequest(
            context.StepKey("pay"), context.Chama.Id, context.Member.Id, context.Session.GetLong(RoundKey)!.Value, amount, context.Member.Phone, context.Inbound.ChannelName,
            Purpose(context)));
        context.Services.PaymentQueue.PaymentQueued();
    }
}
