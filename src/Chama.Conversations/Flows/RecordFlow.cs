using Chama.Conversations.Commands.Recording;
using Chama.Core;
using Chama.Data.Recording;

namespace Chama.Conversations.Flows;

/// <summary>
/// Record a payment, for officers, from the main menu: the seat, the amount, how it was paid (cash, M-Pesa to an
/// officer's number, a bank transfer) and its reference; then it is recorded as the reply <c>RECORD</c> records it. On
/// USSD a phone is no proof of who is recording: the officer's PIN is asked on the last screen, exactly as for a
/// decision (<see cref="PinGate"/>).
/// </summary>
public sealed class RecordFlow : ConversationFlow<RecordFlow.State, RecordFlow.Trigger, RecordFlow.Answer>
{
    private const string SeatKey = "record_seat";
    private const string AmountKey = "record_amount";
    private const string ReferenceKey = "record_reference";
    private const string Code = "RECORD";

    public enum State
    {
        EnteringSeat,
        EnteringAmount,
        ChoosingMethod,
        EnteringReference,
        Authorising,
        Recorded,
    }

    public enum Trigger
    {
        SeatEntered,
        AmountEntered,
        Cash,
        Mpesa,
        Bank,
        ReferenceEntered,
        PinEntered,
        Back,
    }

    /// <summary>What the officer typed, with the member on that seat when it is a seat; on the PIN screen, what the gate made of it.</summary>
    public sealed record Answer(string Text, Member? Member = null, bool Authorised = false, FlowReply? PinScreen = null);

    public override string Name => "record";

    protected override State First => State.EnteringSeat;

    protected override Trigger Back => Trigger.Back;

    public override Task<FlowReply> StartAsync(FlowContext context) =>
        context.Member.IsOfficer ? base.StartAsync(context) : Task.FromResult(FlowReply.Finished(context.Say("record_refused", Refusal(context, "officer"))));

    public override Task<FlowReply> ContinueAsync(FlowContext context, string input) =>
        context.Member.IsOfficer ? base.ContinueAsync(context, input) : Task.FromResult(FlowReply.Finished(context.Say("record_refused", Refusal(context, "officer"))));

    protected override async Task<Answer> ReadAsync(FlowContext context, State state, string input)
    {
        switch (state)
        {
            case State.EnteringSeat when int.TryParse(input.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seat):
                return new Answer(input, (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).FirstOrDefault(m => m.Seat == seat && m.Active));
            case State.Authorising:
                var screen = await PinGate.AnswerAsync(context, input.Trim(), Code, approve: true, Summary(context));
                return new Answer(input, Authorised: screen is null, PinScreen: screen);
            default:
                return new Answer(input);
        }
    }

    protected override void Configure(Machine machine)
    {
        var context = () => machine.Context;
        var ussd = () => machine.Context.IsUssd;
        machine.States.Configure(State.EnteringSeat)
            .OnEntryAsync(machine.Prompt(State.EnteringSeat), "ask the seat")
            .PermitIf(machine[Trigger.SeatEntered], State.EnteringAmount, a => a.Member is not null, "an active member's seat");
        machine.States.Configure(State.EnteringAmount)
            .OnEntryFrom(machine[Trigger.SeatEntered], a => context().Session.Set(SeatKey, a.Member!.Seat.ToString(System.Globalization.CultureInfo.InvariantCulture)), "keep the seat")
            .OnEntryAsync(machine.Prompt(State.EnteringAmount), "ask the amount")
            .PermitIf(machine[Trigger.AmountEntered], State.ChoosingMethod, a => Amount(context(), a.Text) > 0, "an amount")
            .Permit(Trigger.Back, State.EnteringSeat);
        machine.States.Configure(State.ChoosingMethod)
            .OnEntryFrom(machine[Trigger.AmountEntered], a => context().Session.Set(AmountKey, Amount(context(), a.Text)), "keep the amount")
            .OnEntryAsync(machine.Prompt(State.ChoosingMethod), "ask how it was paid")
            .PermitIf(machine[Trigger.Cash], State.Recorded, a => Input.Is(a.Text, "1") && !ussd(), "1 on WhatsApp")
            .PermitIf(machine[Trigger.Cash], State.Authorising, a => Input.Is(a.Text, "1") && ussd(), "1 on USSD")
            .PermitIf(machine[Trigger.Mpesa], State.EnteringReference, a => Input.Is(a.Text, "2"), "2")
            .PermitIf(machine[Trigger.Bank], State.EnteringReference, a => Input.Is(a.Text, "3"), "3")
            .Permit(Trigger.Back, State.EnteringAmount);
        machine.States.Configure(State.EnteringReference)
            .OnEntryFrom(machine[Trigger.Mpesa], _ => context().Session.Set(ReferenceKey, ""), "M-Pesa")
            .OnEntryFrom(machine[Trigger.Bank], _ => context().Session.Set(ReferenceKey, Receipt.BankPrefix), "bank")
            .OnEntryAsync(machine.Prompt(State.EnteringReference), "ask the reference")
            .PermitIf(machine[Trigger.ReferenceEntered], State.Recorded, a => Reference(context(), a.Text) is not null && !ussd(), "a reference, on WhatsApp")
            .PermitIf(machine[Trigger.ReferenceEntered], State.Authorising, a => Reference(context(), a.Text) is not null && ussd(), "a reference, on USSD")
            .Permit(Trigger.Back, State.ChoosingMethod);
        machine.States.Configure(State.Authorising)
            .OnEntryFrom(machine[Trigger.Cash], _ => context().Session.Set(ReferenceKey, Receipt.NewCash(context().Today).Value), "make the cash reference")
            .OnEntryFrom(machine[Trigger.ReferenceEntered], a => context().Session.Set(ReferenceKey, Reference(context(), a.Text)!.Value), "keep the reference")
            .OnEntryAsync(async () => machine.Reply = await PinGate.AskAsync(context(), Code, approve: true, Summary(context())), "ask the PIN")
            .PermitIf(machine[Trigger.PinEntered], State.Recorded, a => a.Authorised, "authorised")
            .InternalTransitionIf(machine[Trigger.PinEntered], a => a.PinScreen is not null, (a, _) => machine.Reply = a.PinScreen, "not yet authorised")
            .Permit(Trigger.Back, State.ChoosingMethod);
        machine.States.Configure(State.Recorded)
            .OnEntryFrom(machine[Trigger.Cash], _ => context().Session.Set(ReferenceKey, Receipt.NewCash(context().Today).Value), "make the cash reference")
            .OnEntryFrom(machine[Trigger.ReferenceEntered], a => context().Session.Set(ReferenceKey, Reference(context(), a.Text)!.Value), "keep the reference")
            .OnEntryAsync(async () => machine.Reply = await RecordAsync(context()), "record it and tell the member");
    }

    protected override Task<FlowReply> NotUnderstoodAsync(FlowContext context, State state, Answer answer) => state switch
    {
        State.EnteringSeat when answer.Text.Trim().Length > 0 && answer.Text.Trim() != Input.Back =>
            PromptAsync(context, state, context.Say("record_refused", Refusal(context, "seat", int.TryParse(answer.Text.Trim(), out var seat) ? seat : 0))),
        _ => base.NotUnderstoodAsync(context, state, answer),
    };

    protected override async Task<FlowReply> PromptAsync(FlowContext context, State state, string hint)
    {
        var step = state switch
        {
            State.EnteringSeat => "seat",
            State.EnteringAmount => "amount",
            State.ChoosingMethod => "method",
            State.EnteringReference => "reference",
            _ => throw new InvalidOperationException($"No prompt for {state}."),
        };
        var member = await KeptMemberAsync(context);
        var text = context.Say("record_step", new
        {
            step,
            name = context.Short(member?.Name ?? "", 16),
            currency = context.Chama.Currency,
            amount = KeptAmount(context)?.ToString() ?? "",
            bank = context.Session.Get(ReferenceKey) == Receipt.BankPrefix,
        });
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    private static async Task<FlowReply> RecordAsync(FlowContext context)
    {
        var seat = int.Parse(context.Session.Get(SeatKey)!, System.Globalization.CultureInfo.InvariantCulture);
        var receipt = Receipt.Parse(context.Session.Get(ReferenceKey));
        try
        {
            var recorded = await context.Services.Recorded.RecordAsync(
                context.Member,
                new PaymentToRecord(seat, KeptAmount(context)!.Value, Fund.Pot, receipt),
                context.Inbound.ChannelName,
                RecordingNotices.ForMember(context.Services.Texts, context.Member));
            return FlowReply.Finished(RecordingNotices.Confirmation(context.Services.Texts, context.Member.Language, recorded, context.Chama.Name, context.Member.Name, context.IsUssd));
        }
        catch (ChamaException refused)
        {
            return FlowReply.Finished(context.Say("record_refused", Refusal(context, RecordCommand.Reason(refused.Error), seat, receipt.Value)));
        }
    }

    /// <summary>What the PIN confirms: <c>KES 5,000 from seat 4</c>.</summary>
    private static string Summary(FlowContext context) =>
        context.Say("record_step", new { step = "summary", name = context.Session.Get(SeatKey), currency = context.Chama.Currency, amount = KeptAmount(context)?.ToString() ?? "", bank = false });

    /// <summary>The amount typed, in the chama's currency's minor units; 0 when it is not one.</summary>
    private static long Amount(FlowContext context, string text) => Money.TryParse(text, context.Chama.Currency, out var amount) && amount.IsPositive ? amount.Minor : 0;

    private static Money? KeptAmount(FlowContext context) =>
        long.TryParse(context.Session.Get(AmountKey), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minor) && minor > 0
            ? new Money(minor, context.Chama.Currency)
            : null;

    private static async Task<Member?> KeptMemberAsync(FlowContext context) =>
        int.TryParse(context.Session.Get(SeatKey), out var seat) ? (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).FirstOrDefault(m => m.Seat == seat && m.Active) : null;

    /// <summary>The reference typed: an M-Pesa receipt, or after the bank's prefix, the bank's own reference.</summary>
    private static Receipt? Reference(FlowContext context, string text)
    {
        var typed = text.Trim().ToUpperInvariant();
        return context.Session.Get(ReferenceKey) == Receipt.BankPrefix
            ? RecordedPayments.TryReceipt($"BANK {typed}")
            : RecordedPayments.TryReceipt(typed) is { Kind: ReceiptKind.Mpesa } receipt ? receipt : null;
    }

    private static object Refusal(FlowContext context, string reason, int seat = 0, string reference = "") =>
        new { reason, seat, reference, currency = context.Chama.Currency, max = PaymentToRecord.MaxNoteLength };
}
