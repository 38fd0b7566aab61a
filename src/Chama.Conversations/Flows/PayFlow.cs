using Chama.Core;
using Chama.Data.Fines;

namespace Chama.Conversations.Flows;

/// <summary>
/// Pay: shows what is due this round (the remainder if partly paid, credit already applied), takes that or another amount,
/// or the late fines the member owes, or an amount of the member's choosing into the welfare fund, confirms, then queues
/// the M-Pesa STK push. The push is sent by a worker after the reply, so on USSD the session has ended before the PIN
/// prompt arrives. A chama or a phone M-Pesa does not serve is told to pay the treasurer instead, before anything is asked.
/// </summary>
public sealed class PayFlow : ConversationFlow<PayFlow.State, PayFlow.Trigger, PayFlow.Answer>
{
    private const string AmountKey = "amount";
    private const string RoundKey = "round";
    private const string PurposeKey = "purpose";
    private const string LevyKey = "levy";

    public enum State
    {
        ShowingDue,
        EnteringAmount,
        Confirming,
        Queued,
        Cancelled,
    }

    public enum Trigger
    {
        PayDue,
        PayOtherAmount,
        PayFines,
        PayWelfare,
        AmountEntered,
        Confirm,
        Cancel,
        Back,
    }

    /// <summary>
    /// What the member typed; on the first screen, with what is due and what is owed to the welfare fund as they are now
    /// (a payment may have come in since the screen was shown), read only for the choice that needs it.
    /// </summary>
    public sealed record Answer(string Text, Money? Due = null, Money? Fines = null, Money? Levy = null)
    {
        public Money? Owed => Fines + Levy;
    }

    public override string Name => "pay";

    protected override State First => State.ShowingDue;

    protected override Trigger Back => Trigger.Back;

    public override async Task<FlowReply> StartAsync(FlowContext context)
    {
        if (!MpesaReach.Serves(context.Chama.Currency, context.Member.Phone))
        {
            return FlowReply.Finished(await PayTheTreasurerAsync(context));
        }

        if (await context.Services.Cycles.FindRoundToPayAsync(context.Chama.Id, context.Member.Id, context.Today) is not { } round)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        context.Session.Set(RoundKey, round.Id);
        return await base.StartAsync(context);
    }

    /// <summary>
    /// M-Pesa cannot take this member's money (<see cref="MpesaReach"/>): the chama is in another currency, or the phone is
    /// not Kenyan. They pay the treasurer, and an officer records the payment; nothing is queued.
    /// </summary>
    private static async Task<string> PayTheTreasurerAsync(FlowContext context)
    {
        var treasurer = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).FirstOrDefault(m => m.Active && m.Roles.HasFlag(MemberRoles.Treasurer));
        return context.Say("pay_by_officer", new
        {
            reason = MpesaReach.Serves(context.Chama.Currency) ? "phone" : "currency",
            chama = context.Short(context.Chama.Name, 24),
            currency = context.Chama.Currency,
            treasurer = treasurer is null ? "" : context.Short(treasurer.Name, 24),
        });
    }

    private static object Limits => new { min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString() };

    protected override async Task<Answer> ReadAsync(FlowContext context, State state, string input)
    {
        if (state == State.ShowingDue && Input.Is(input, "1"))
        {
            return new Answer(input, Due: await DueAsync(context));
        }

        if (state == State.ShowingDue && Input.Is(input, "3"))
        {
            var (fines, levy) = await WelfareOwedAsync(context);
            return new Answer(input, Fines: fines, Levy: levy);
        }

        return new Answer(input);
    }

    protected override void Configure(Machine machine)
    {
        var session = () => machine.Context.Session;
        machine.States.Configure(State.ShowingDue)
            .OnEntryAsync(machine.Prompt(State.ShowingDue), "show the due")
            .PermitIf(machine[Trigger.PayDue], State.Confirming, a => Input.Is(a.Text, "1") && a.Due is { IsPositive: true }, "1, something due")
            .PermitIf(machine[Trigger.PayOtherAmount], State.EnteringAmount, a => Input.Is(a.Text, "2"), "2")
            .PermitIf(machine[Trigger.PayFines], State.Confirming, a => Input.Is(a.Text, "3") && a.Owed is { } owed && NewPaymentRequest.IsPushable(owed), "3, fines or levy owed")
            .PermitIf(machine[Trigger.PayWelfare], State.EnteringAmount, a => Input.Is(a.Text, "4"), "4");
        machine.States.Configure(State.EnteringAmount)
            .OnEntryFrom(machine[Trigger.PayOtherAmount], _ => session().Set(PurposeKey, PaymentPurpose.Contribution.ToString()), "a contribution")
            .OnEntryFrom(machine[Trigger.PayWelfare], _ => session().Set(PurposeKey, PaymentPurpose.Welfare.ToString()), "into the welfare fund")
            .OnEntryAsync(machine.Prompt(State.EnteringAmount), "ask the amount")
            .PermitIf(machine[Trigger.AmountEntered], State.Confirming, a => Amount(a) is not null, "an amount that can be pushed")
            .Permit(Trigger.Back, State.ShowingDue);
        machine.States.Configure(State.Confirming)
            .OnEntryFrom(machine[Trigger.PayDue], a => Keep(session(), a.Due!.Value, PaymentPurpose.Contribution), "keep the due")
            .OnEntryFrom(machine[Trigger.PayFines], a => Keep(session(), a.Owed!.Value, PaymentPurpose.Fines, a.Levy), "keep what is owed")
            .OnEntryFrom(machine[Trigger.AmountEntered], a => session().Set(AmountKey, Amount(a)!.Value.Minor), "keep the amount")
            .OnEntryAsync(machine.Prompt(State.Confirming), "ask to confirm")
            .PermitIf(machine[Trigger.Confirm], State.Queued, a => Input.Is(a.Text, "1"), "1")
            .PermitIf(machine[Trigger.Cancel], State.Cancelled, a => Input.Is(a.Text, "2"), "2")
            .Permit(Trigger.Back, State.ShowingDue);
        machine.States.Configure(State.Queued)
            .OnEntryAsync(() => QueuePaymentAsync(machine.Context), "queue the STK push")
            .OnEntryAsync(machine.Prompt(State.Queued), "say it is on its way");
        machine.States.Configure(State.Cancelled)
            .OnEntryAsync(machine.Prompt(State.Cancelled), "back to the menu");
    }

    protected override async Task<FlowReply> NotUnderstoodAsync(FlowContext context, State state, Answer answer) =>
        state == State.EnteringAmount
            ? FlowReply.Continue(context.Say("pay_amount_invalid", Limits))
            : await PromptAsync(context, state, context.Say("hint_unknown"));

    private static Money? Amount(Answer answer) =>
        Money.TryParse(answer.Text, MpesaReach.Currency, out var amount) && NewPaymentRequest.IsPushable(amount) ? amount : null;

    private static void Keep(Sessions.ConversationSession session, Money amount, PaymentPurpose purpose, Money? levy = null)
    {
        session.Set(AmountKey, amount.Minor);
        session.Set(PurposeKey, purpose.ToString());
        if (levy is { } owed)
        {
            session.Set(LevyKey, owed.Minor);
        }
    }

    protected override async Task<FlowReply> PromptAsync(FlowContext context, State state, string hint)
    {
        var round = (await context.Services.Ledger.GetRoundSummaryAsync(context.Session.GetLong(RoundKey)!.Value)).Round;
        var amount = new Money(context.Session.GetLong(AmountKey) ?? 0, context.Chama.Currency);
        var text = state switch
        {
            State.ShowingDue => await DueScreenAsync(context, round),
            State.EnteringAmount => context.Say("pay_amount", new { min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString(), welfare = Purpose(context) == PaymentPurpose.Welfare }),
            State.Confirming => context.Say("pay_confirm", new
            {
                amount = amount.ToString(), chama = context.Short(context.Chama.Name, 24), round = round.Number, phone = context.Member.Phone.E164, fines = Purpose(context) == PaymentPurpose.Fines,
                levy = Purpose(context) == PaymentPurpose.Fines && context.Session.GetLong(LevyKey) is > 0,
                levy_only = Purpose(context) == PaymentPurpose.Fines && context.Session.GetLong(LevyKey) == context.Session.GetLong(AmountKey),
                welfare = Purpose(context) == PaymentPurpose.Welfare,
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
