using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Conversations.Flows;

/// <summary>
/// Asking for a loan: says how much the member may borrow now, takes the amount, the term and (when the rules ask for
/// any) the guarantors' seats, shows the schedule as if the loan were paid out today, and on YES records the request.
/// The guarantors are asked by message; the request goes to the officers once they have all accepted. A member who may
/// borrow nothing now is told why before anything is asked.
/// </summary>
public sealed class LoanFlow : ConversationFlow<LoanFlow.State, LoanFlow.Trigger, LoanFlow.Answer>
{
    private const string AmountKey = "amount";
    private const string TermKey = "term";
    private const string SeatsKey = "seats";
    private static readonly string[] Yes = ["1", "YES", "NDIYO"];

    public enum State
    {
        EnteringAmount,
        EnteringTerm,
        NamingGuarantors,
        Confirming,
        Sent,
        Cancelled,
    }

    public enum Trigger
    {
        AmountEntered,
        TermEntered,
        TermEnteredNoGuarantors,
        GuarantorsNamed,
        Confirm,
        Cancel,
        Back,
    }

    /// <summary>What the member typed; on the amount step, with what they may borrow as things are now.</summary>
    public sealed record Answer(string Text, LoanOffer? Offer = null);

    public override string Name => "loan";

    protected override State First => State.EnteringAmount;

    protected override Trigger Back => Trigger.Back;

    public override async Task<FlowReply> StartAsync(FlowContext context)
    {
        var offer = await context.Services.Loans.OfferAsync(context.Member);
        if (!offer.MostBorrowable.IsPositive)
        {
            return FlowReply.Finished(Step(context, "cannot", reason: !offer.Rules.Lends ? "off" : offer.HasOpenLoan ? "open" : "none"));
        }

        return await base.StartAsync(context);
    }

    protected override async Task<Answer> ReadAsync(FlowContext context, State state, string input) =>
        state == State.EnteringAmount ? new Answer(input, await context.Services.Loans.OfferAsync(context.Member)) : new Answer(input);

    protected override void Configure(Machine machine)
    {
        var session = () => machine.Context.Session;
        var rules = () => machine.Context.Chama.Constitution.Lending;
        machine.States.Configure(State.EnteringAmount)
            .OnEntryAsync(machine.Prompt(State.EnteringAmount), "say the most and ask the amount")
            .PermitIf(machine[Trigger.AmountEntered], State.EnteringTerm, a => Amount(machine.Context, a.Text) is { } amount && amount <= a.Offer!.MostBorrowable, "an amount up to the most");
        machine.States.Configure(State.EnteringTerm)
            .OnEntryFrom(machine[Trigger.AmountEntered], a => session().Set(AmountKey, Amount(machine.Context, a.Text)!.Value.Minor), "keep the amount")
            .OnEntryAsync(machine.Prompt(State.EnteringTerm), "ask the term")
            .PermitIf(machine[Trigger.TermEntered], State.NamingGuarantors, a => Term(machine.Context, a.Text) is not null && rules().Guarantors > 0, "a term allowed, guarantors needed")
            .PermitIf(machine[Trigger.TermEnteredNoGuarantors], State.Confirming, a => Term(machine.Context, a.Text) is not null && rules().Guarantors == 0, "a term allowed, no guarantor needed")
            .Permit(Trigger.Back, State.EnteringAmount);
        machine.States.Configure(State.NamingGuarantors)
            .OnEntryFrom(machine[Trigger.TermEntered], a => session().Set(TermKey, Term(machine.Context, a.Text)!.Value), "keep the term")
            .OnEntryAsync(machine.Prompt(State.NamingGuarantors), "ask the guarantors' seats")
            .PermitIf(machine[Trigger.GuarantorsNamed], State.Confirming, a => Seats(machine.Context, a.Text) is not null, "as many different seats as the rules ask, not the member's own")
            .Permit(Trigger.Back, State.EnteringTerm);
        machine.States.Configure(State.Confirming)
            .OnEntryFrom(machine[Trigger.TermEnteredNoGuarantors], a => session().Set(TermKey, Term(machine.Context, a.Text)!.Value), "keep the term")
            .OnEntryFrom(machine[Trigger.GuarantorsNamed], a => session().Set(SeatsKey, string.Join(' ', Seats(machine.Context, a.Text)!)), "keep the seats")
            .OnEntryAsync(machine.Prompt(State.Confirming), "show the schedule and ask to confirm")
            .PermitIf(machine[Trigger.Confirm], State.Sent, a => Yes.Any(word => Input.Is(a.Text, word)), "1 or YES")
            .PermitIf(machine[Trigger.Cancel], State.Cancelled, a => Input.Is(a.Text, "2"), "2")
            .PermitIf(Trigger.Back, State.NamingGuarantors, () => rules().Guarantors > 0, "guarantors were named")
            .PermitIf(Trigger.Back, State.EnteringTerm, () => rules().Guarantors == 0, "no guarantor needed");
        machine.States.Configure(State.Sent)
            .OnEntryAsync(async () => machine.Reply = FlowReply.Finished(await SendAsync(machine.Context)), "record the request and ask the guarantors");
        machine.States.Configure(State.Cancelled)
            .OnEntryAsync(machine.Prompt(State.Cancelled), "back to the menu");
    }

    /// <summary>An amount above what the member may borrow is refused saying the most; anything else shows the step again.</summary>
    protected override async Task<FlowReply> NotUnderstoodAsync(FlowContext context, State state, Answer answer) =>
        state == State.EnteringAmount && answer.Offer is { } offer
            ? FlowReply.Continue(Step(context, "amount", most: offer.MostBorrowable.ToString(), invalid: true))
            : await PromptAsync(context, state, context.Say("hint_unknown"));

    protected override async Task<FlowReply> PromptAsync(FlowContext context, State state, string hint)
    {
        var rules = context.Chama.Constitution.Lending;
        var reply = state switch
        {
            State.EnteringAmount => FlowReply.Continue(Step(context, "amount", most: (await context.Services.Loans.OfferAsync(context.Member)).MostBorrowable.ToString())),
            State.EnteringTerm => FlowReply.Continue(Step(context, "term", maxTerm: rules.MaxTermMonths)),
            State.NamingGuarantors => FlowReply.Continue(Step(context, "guarantors", guarantors: rules.Guarantors, pledge: Pledge(context).ToString())),
            State.Confirming => FlowReply.Continue(Confirmation(context)),
            State.Cancelled => FlowReply.ToMenu(context.Say("cancelled")),
            _ => throw new InvalidOperationException($"No prompt for {state}."),
        };
        return hint.Length > 0 ? reply with { Text = $"{hint}\n{reply.Text}" } : reply;
    }

    private static string Confirmation(FlowContext context)
    {
        var (amount, term, seats) = Entered(context);
        var schedule = LoanSchedule.Plan(amount, context.Chama.Constitution.Lending, term, context.Today);
        return Step(
            context,
            "confirm",
            amount: amount.ToString(),
            term: term,
            seats: string.Join(", ", seats),
            pledge: Pledge(context).ToString(),
            schedule: LoanTexts.Schedule(context.Services.Texts, context.Member.Language, schedule, asIfToday: true, context.IsUssd));
    }

    private static async Task<string> SendAsync(FlowContext context)
    {
        var (amount, term, seats) = Entered(context);
        try
        {
            var loan = await context.Services.Loans.RequestAsync(
                context.Member, amount, term, seats, context.Inbound.ChannelName, context.StepKey("loan"), LoanTexts.Notices(context.Services.Texts));
            return context.Say("loan_requested", new
            {
                code = loan.Code,
                amount = loan.Principal.ToString(),
                guarantors = string.Join(", ", loan.Guarantees.Select(g => context.Short(g.Member.Name, 12))),
                with_officers = loan.WithOfficers,
            });
        }
        catch (ChamaException refused) when (refused.Error is not ChamaError.MemberInactive)
        {
            // The rules or the fund changed while the member typed, or a guarantor cannot guarantee: nothing was recorded.
            var offer = await context.Services.Loans.OfferAsync(context.Member);
            return LoanTexts.Refusal(context.Services.Texts, context.Member.Language, refused, offer.MostBorrowable, context.Chama.Constitution.Lending.Guarantors, context.IsUssd);
        }
    }

    /// <summary>The words of one step; every step's model carries every variable, since the templates are strict.</summary>
    private static string Step(
        FlowContext context, string step, string most = "", bool invalid = false, string reason = "", int maxTerm = 0, int guarantors = 0,
        string pledge = "", string amount = "", int term = 0, string seats = "", string schedule = "") =>
        context.Say("loan_step", new
        {
            step, currency = context.Chama.Currency, most, invalid, reason, max_term = maxTerm, guarantors, pledge, amount, term, seats, schedule,
        });

    /// <summary>An amount as members write it, in the chama's currency, in whole units of payment (whole shillings for KES).</summary>
    private static Money? Amount(FlowContext context, string text) =>
        Money.TryParse(text, context.Chama.Currency, out var amount) && amount.IsPositive && amount.Minor % LoanRounding.UnitOf(amount.Currency) == 0 ? amount : null;

    private static int? Term(FlowContext context, string text) =>
        Input.TryParseChoice(text, context.Chama.Constitution.Lending.MaxTermMonths, out var months) ? months : null;

    /// <summary>As many different seats as the rules ask, separated by spaces or commas, none the member's own.</summary>
    private static IReadOnlyList<int>? Seats(FlowContext context, string text)
    {
        var parts = text.Split([' ', ',', '*', '#'], StringSplitOptions.RemoveEmptyEntries);
        var seats = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seat) && seat >= 1 ? seat : 0).ToList();
        return seats.Count == context.Chama.Constitution.Lending.Guarantors && seats.All(s => s > 0 && s != context.Member.Seat) && seats.Distinct().Count() == seats.Count
            ? seats
            : null;
    }

    private static Money Pledge(FlowContext context)
    {
        var amount = new Money(context.Session.GetLong(AmountKey) ?? 0, context.Chama.Currency);
        return Pledges.PerGuarantor(amount, context.Chama.Constitution.Lending, LoanRounding.UnitOf(context.Chama.Currency));
    }

    private static (Money Amount, int Term, IReadOnlyList<int> Seats) Entered(FlowContext context) =>
        (new Money(context.Session.GetLong(AmountKey)!.Value, context.Chama.Currency),
         (int)context.Session.GetLong(TermKey)!.Value,
         (context.Session.Get(SeatsKey) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList());
}
