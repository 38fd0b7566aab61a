using Chama.Core;
using Chama.Data.Fines;
using Chama.Data.Savings;

namespace Chama.Conversations.Flows;

/// <summary>
/// Pay: shows what is due this round (the remainder if partly paid, credit already applied), takes that or another amount,
/// or the late fines the member owes, or an amount of the member's choosing into the welfare fund or into their savings
/// (when the chama keeps savings or lends), or what their loan being repaid asks now, confirms, then queues the M-Pesa STK
/// push. A chama that keeps savings instead of a rotation, or a member between cycles, is offered savings and the loan
/// alone. The push is sent by a worker after the reply, so on USSD the session has ended before the PIN
/// prompt arrives. A chama or a phone M-Pesa does not serve is told to pay the treasurer instead, before anything is asked.
/// </summary>
public sealed class PayFlow : ConversationFlow<PayFlow.State, PayFlow.Trigger, PayFlow.Answer>
{
    private const string AmountKey = "amount";
    private const string RoundKey = "round";
    private const string PurposeKey = "purpose";
    private const string LevyKey = "levy";
    private const string LoanKey = "loan";

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
        PaySavings,
        PayLoan,
        AmountEntered,
        Confirm,
        Cancel,
        Back,
    }

    /// <summary>
    /// What the member typed; on the first screen, with what is due and what is owed to the welfare fund as they are now
    /// (a payment may have come in since the screen was shown), read only for the choice that needs it.
    /// </summary>
    public sealed record Answer(string Text, Money? Due = null, Money? Fines = null, Money? Levy = null, OpenLoan? Loan = null)
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

        var round = await context.Services.Cycles.FindRoundToPayAsync(context.Chama.Id, context.Member.Id, context.Today);
        if (round is null && !OffersSavings(context) && await RepayingLoanAsync(context) is null)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        if (round is not null)
        {
            context.Session.Set(RoundKey, round.Id);
        }

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
        if (state == State.ShowingDue && Input.Is(input, "1") && Rotating(context))
        {
            return new Answer(input, Due: await DueAsync(context));
        }

        if (state == State.ShowingDue && Input.Is(input, "3") && Rotating(context))
        {
            var (fines, levy) = await WelfareOwedAsync(context);
            return new Answer(input, Fines: fines, Levy: levy);
        }

        if (state == State.ShowingDue && Input.Is(input, "6"))
        {
            return new Answer(input, Loan: await RepayingLoanAsync(context));
        }

        return new Answer(input);
    }

    protected override void Configure(Machine machine)
    {
        var session = () => machine.Context.Session;
        var rotating = () => Rotating(machine.Context);
        machine.States.Configure(State.ShowingDue)
            .OnEntryAsync(machine.Prompt(State.ShowingDue), "show the due")
            .PermitIf(machine[Trigger.PayDue], State.Confirming, a => Input.Is(a.Text, "1") && a.Due is { IsPositive: true }, "1, something due")
            .PermitIf(machine[Trigger.PayOtherAmount], State.EnteringAmount, a => Input.Is(a.Text, "2") && rotating(), "2, in a round")
            .PermitIf(machine[Trigger.PayFines], State.Confirming, a => Input.Is(a.Text, "3") && a.Owed is { } owed && NewPaymentRequest.IsPushable(owed), "3, fines or levy owed")
            .PermitIf(machine[Trigger.PayWelfare], State.EnteringAmount, a => Input.Is(a.Text, "4") && rotating(), "4, in a round")
            .PermitIf(machine[Trigger.PaySavings], State.EnteringAmount, a => Input.Is(a.Text, "5") && OffersSavings(machine.Context), "5, the chama keeps savings")
            .PermitIf(machine[Trigger.PayLoan], State.Confirming, a => Input.Is(a.Text, "6") && a.Loan is { } loan && NewPaymentRequest.IsPushable(loan.ToPay), "6, a loan to repay");
        machine.States.Configure(State.EnteringAmount)
            .OnEntryFrom(machine[Trigger.PayOtherAmount], _ => session().Set(PurposeKey, PaymentPurpose.Contribution.ToString()), "a contribution")
            .OnEntryFrom(machine[Trigger.PayWelfare], _ => session().Set(PurposeKey, PaymentPurpose.Welfare.ToString()), "into the welfare fund")
            .OnEntryFrom(machine[Trigger.PaySavings], _ => session().Set(PurposeKey, PaymentPurpose.Savings.ToString()), "into savings")
            .OnEntryAsync(machine.Prompt(State.EnteringAmount), "ask the amount")
            .PermitIf(machine[Trigger.AmountEntered], State.Confirming, a => Amount(a) is not null, "an amount that can be pushed")
            .Permit(Trigger.Back, State.ShowingDue);
        machine.States.Configure(State.Confirming)
            .OnEntryFrom(machine[Trigger.PayDue], a => Keep(session(), a.Due!.Value, PaymentPurpose.Contribution), "keep the due")
            .OnEntryFrom(machine[Trigger.PayFines], a => Keep(session(), a.Owed!.Value, PaymentPurpose.Fines, a.Levy), "keep what is owed")
            .OnEntryFrom(machine[Trigger.PayLoan], a => KeepLoan(session(), a.Loan!), "keep the loan's amount")
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

    private static void KeepLoan(Sessions.ConversationSession session, OpenLoan loan)
    {
        Keep(session, loan.ToPay, PaymentPurpose.Loan);
        session.Set(LoanKey, loan.Id);
    }

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
        var round = context.Session.GetLong(RoundKey) is { } roundId ? (await context.Services.Ledger.GetRoundSummaryAsync(roundId)).Round : null;
        var amount = new Money(context.Session.GetLong(AmountKey) ?? 0, context.Chama.Currency);
        var text = state switch
        {
            State.ShowingDue => await DueScreenAsync(context, round),
            State.EnteringAmount => context.Say("pay_amount", new
            {
                min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString(), purpose = Purpose(context).ToString().ToLowerInvariant(), savings = SavingsDue(context),
            }),
            State.Confirming => context.Say("pay_confirm", new
            {
                amount = amount.ToString(), chama = context.Short(context.Chama.Name, 24), round = round?.Number ?? 0, phone = context.Member.Phone.E164, fines = Purpose(context) == PaymentPurpose.Fines,
                levy = Purpose(context) == PaymentPurpose.Fines && context.Session.GetLong(LevyKey) is > 0,
                levy_only = Purpose(context) == PaymentPurpose.Fines && context.Session.GetLong(LevyKey) == context.Session.GetLong(AmountKey),
                welfare = Purpose(context) == PaymentPurpose.Welfare,
                savings = Purpose(context) == PaymentPurpose.Savings,
                loan = Purpose(context) == PaymentPurpose.Loan ? $"L{context.Session.GetLong(LoanKey)}" : "",
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

    private static async Task<string> DueScreenAsync(FlowContext context, Round? round)
    {
        var zero = Money.Zero(context.Chama.Currency);
        var due = round is null ? zero : await DueAsync(context);
        var (fines, levy) = round is null ? (zero, zero) : await WelfareOwedAsync(context);
        var owed = fines + levy;
        var loan = await RepayingLoanAsync(context);
        return context.Say("pay_due", new
        {
            round = round?.Number ?? 0, due_date = round is null ? "" : context.Date(round.DueDate), due = due.ToString(), paid_up = !due.IsPositive,
            fines = NewPaymentRequest.IsPushable(owed) ? owed.ToString() : "",
            levy = levy.IsPositive ? levy.ToString() : "",
            savings = OffersSavings(context) ? SavingsDue(context) : "",
            loan = loan is not null && NewPaymentRequest.IsPushable(loan.ToPay) ? loan.Code : "",
            loan_due = loan?.ToPay.ToString() ?? "",
        });
    }

    /// <summary>The member pays in a round (a cycle is running and they are in it): the pot, fines and welfare are offered.</summary>
    private static bool Rotating(FlowContext context) => context.Session.GetLong(RoundKey) is not null;

    /// <summary>Savings are offered when the constitution keeps them each meeting or the chama lends (savings are what a member borrows against).</summary>
    private static bool OffersSavings(FlowContext context) =>
        context.Chama.Constitution.SavingsPerMeeting.IsPositive || context.Chama.Constitution.Lending.Lends;

    /// <summary>The savings the constitution asks each meeting, as shown; empty when it asks none (any amount may still be saved).</summary>
    private static string SavingsDue(FlowContext context) =>
        context.Chama.Constitution.SavingsPerMeeting is { IsPositive: true } perMeeting ? perMeeting.ToString() : "";

    /// <summary>The member's loan being repaid (paid out, not closed), read as it is now; null when none.</summary>
    private static async Task<OpenLoan?> RepayingLoanAsync(FlowContext context) =>
        (await context.Services.Savings.FindAsync(context.Member, context.Chama, context.Today)).Loan is { IsRepaying: true } loan ? loan : null;

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
        var purpose = Purpose(context);
        // Savings and a loan are paid at any time, in a round or not: their push names no round.
        var roundId = purpose is PaymentPurpose.Savings or PaymentPurpose.Loan ? null : context.Session.GetLong(RoundKey);
        await context.Services.Payments.QueueAsync(new NewPaymentRequest(
            context.StepKey("pay"), context.Chama.Id, context.Member.Id, roundId, amount, context.Member.Phone, context.Inbound.ChannelName,
            purpose, purpose == PaymentPurpose.Loan ? context.Session.GetLong(LoanKey) : null));
        context.Services.PaymentQueue.PaymentQueued();
    }
}
