using System.Globalization;
using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Swaps;
using Decision = Chama.Core.Decision;

namespace Chama.Conversations.Flows;

/// <summary>
/// Approvals, for officers only: lists full pots and welfare requests waiting for a decision, then seat swaps held for the
/// officers over arrears (<c>S5</c>), rule changes (<c>R4</c>) and joins of the running cycle (<c>J3</c>); the officer
/// picks one by number and approves or rejects it (with a reason). On USSD the decision is taken only once the officer
/// has given their PIN on the last screen (<see cref="PinGate"/>). On WhatsApp <c>APPROVE &lt;code&gt;</c> and
/// <c>REJECT &lt;code&gt; &lt;reason&gt;</c> do the same in one message (<see cref="DecideCommand"/>): either way the
/// handler of the code's letter decides (<see cref="DecisionHandlers"/>). Dual control and the audit trail are the stores'.
/// </summary>
public sealed class ApprovalsFlow : ConversationFlow<ApprovalsFlow.State, ApprovalsFlow.Trigger, ApprovalsFlow.Answer>
{
    private const string CodesKey = "codes";
    private const string CodeKey = "code";
    private const string DecisionKey = "decision";
    private const string ReasonKey = "reason";
    private const int MaxReason = 140;

    public enum State
    {
        Listing,
        Viewing,
        EnteringReason,
        Authorising,
        Decided,
    }

    public enum Trigger
    {
        Select,
        Approve,
        Reject,
        ReasonEntered,
        PinEntered,
        Back,
    }

    /// <summary>
    /// What the officer typed; on the PIN screen, what the gate made of it: authorised, or the gate's next screen (asked
    /// again, a wrong PIN, locked). Checking a PIN is an act (a wrong one counts), so it is done once, before the machine moves.
    /// </summary>
    public sealed record Answer(string Text, bool Authorised = false, FlowReply? PinScreen = null);

    public override string Name => "approvals";

    protected override State First => State.Listing;

    protected override Trigger Back => Trigger.Back;

    public override Task<FlowReply> StartAsync(FlowContext context) =>
        context.Member.IsOfficer ? base.StartAsync(context) : Task.FromResult(FlowReply.Finished(context.Say("approvals_not_officer")));

    public override Task<FlowReply> ContinueAsync(FlowContext context, string input) =>
        context.Member.IsOfficer ? base.ContinueAsync(context, input) : Task.FromResult(FlowReply.Finished(context.Say("approvals_not_officer")));

    protected override async Task<Answer> ReadAsync(FlowContext context, State state, string input)
    {
        if (state != State.Authorising)
        {
            return new Answer(input);
        }

        var screen = await PinGate.AnswerAsync(context, input.Trim(), context.Session.Get(CodeKey)!, KeptDecision(context) == Decision.Approve);
        return new Answer(input, Authorised: screen is null, PinScreen: screen);
    }

    protected override void Configure(Machine machine)
    {
        // On USSD a phone is no proof of who is deciding: the officer's PIN is asked on the last screen.
        var ussd = () => machine.Context.IsUssd;
        var context = () => machine.Context;
        machine.States.Configure(State.Listing)
            .OnEntryAsync(machine.Prompt(State.Listing), "list what waits")
            .PermitIf(machine[Trigger.Select], State.Viewing, a => Selected(context(), a.Text) is not null, "a number on the list");
        machine.States.Configure(State.Viewing)
            .OnEntryFrom(machine[Trigger.Select], a => context().Session.Set(CodeKey, Selected(context(), a.Text)!), "keep the code")
            .OnEntryAsync(machine.Prompt(State.Viewing), "show the item")
            .PermitIf(machine[Trigger.Approve], State.Decided, a => Input.Is(a.Text, "1") && !ussd(), "1 on WhatsApp")
            .PermitIf(machine[Trigger.Approve], State.Authorising, a => Input.Is(a.Text, "1") && ussd(), "1 on USSD")
            .PermitIf(machine[Trigger.Reject], State.EnteringReason, a => Input.Is(a.Text, "2"), "2")
            .Permit(Trigger.Back, State.Listing);
        machine.States.Configure(State.EnteringReason)
            .OnEntryAsync(machine.Prompt(State.EnteringReason), "ask the reason")
            .PermitIf(machine[Trigger.ReasonEntered], State.Decided, a => IsReason(a.Text) && !ussd(), "a reason, on WhatsApp")
            .PermitIf(machine[Trigger.ReasonEntered], State.Authorising, a => IsReason(a.Text) && ussd(), "a reason, on USSD")
            .Permit(Trigger.Back, State.Viewing);
        machine.States.Configure(State.Authorising)
            .OnEntryFromAsync(machine[Trigger.Approve], async _ => machine.Reply = await AskPinAsync(context(), Decision.Approve, null), "keep the approval, ask the PIN")
            .OnEntryFromAsync(machine[Trigger.ReasonEntered], async a => machine.Reply = await AskPinAsync(context(), Decision.Reject, a.Text.Trim()), "keep the rejection, ask the PIN")
            .PermitIf(machine[Trigger.PinEntered], State.Decided, a => a.Authorised, "authorised")
            .InternalTransitionIf(machine[Trigger.PinEntered], a => a.PinScreen is not null, (a, _) => machine.Reply = a.PinScreen, "not yet authorised")
            .Permit(Trigger.Back, State.Viewing);
        machine.States.Configure(State.Decided)
            .OnEntryFromAsync(machine[Trigger.Approve], async _ => machine.Reply = await DecideAsync(context(), Decision.Approve, null), "approve")
            .OnEntryFromAsync(machine[Trigger.ReasonEntered], async a => machine.Reply = await DecideAsync(context(), Decision.Reject, a.Text.Trim()), "reject")
            .OnEntryFromAsync(machine[Trigger.PinEntered], async _ => machine.Reply = await DecideAsync(context(), KeptDecision(context()), KeptReason(context())), "take the kept decision");
    }

    protected override Task<FlowReply> NotUnderstoodAsync(FlowContext context, State state, Answer answer) =>
        state == State.EnteringReason ? PromptAsync(context, state, "") : base.NotUnderstoodAsync(context, state, answer);

    protected override Task<FlowReply> PromptAsync(FlowContext context, State state, string hint) => state switch
    {
        State.Listing => ListAsync(context, hint),
        State.Viewing => ViewAsync(context, hint),
        State.EnteringReason => Task.FromResult(FlowReply.Continue(context.Say("approval_reason", new { code = context.Session.Get(CodeKey) }))),
        _ => throw new InvalidOperationException($"No prompt for {state}."),
    };

    /// <summary>The code of the item picked by number from the list last shown, or null.</summary>
    private static string? Selected(FlowContext context, string text)
    {
        var codes = (context.Session.Get(CodesKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        return Input.TryParseChoice(text, codes.Length, out var choice) ? codes[choice - 1] : null;
    }

    private static bool IsReason(string text) => text.Trim().Length is > 0 and <= MaxReason;

    /// <summary>Keeps the decision until the PIN is given, and asks for it.</summary>
    private static async Task<FlowReply> AskPinAsync(FlowContext context, Decision decision, string? reason)
    {
        context.Session.Set(DecisionKey, decision.ToString());
        context.Session.Set(ReasonKey, reason ?? "");

        return await PinGate.AskAsync(context, context.Session.Get(CodeKey)!, decision == Decision.Approve);
    }

    private static Decision KeptDecision(FlowContext context) => Enum.Parse<Decision>(context.Session.Get(DecisionKey)!);

    private static string? KeptReason(FlowContext context) => context.Session.Get(ReasonKey) is { Length: > 0 } reason ? reason : null;

    /// <summary>A decision from the list is the one the reply <c>APPROVE P3</c> makes: the handler of the code's letter takes it.</summary>
    private static Task<FlowReply> DecideAsync(FlowContext context, Decision decision, string? reason)
    {
        var code = context.Session.Get(CodeKey)!;
        return DecisionHandlers.TryFind(code, out var handler, out var id)
            ? handler.DecideAsync(context, id, decision, reason)
            : Task.FromResult(FlowReply.Finished(context.Say("approval_not_open", new { code = code.Trim().ToUpperInvariant() })));
    }

    private static async Task<FlowReply> ListAsync(FlowContext context, string hint)
    {
        var open = await context.Services.Approvals.GetOpenAsync(context.Chama.Id);
        var held = await context.Services.Swaps.GetHeldAsync(context.Chama.Id);
        var proposals = await ProposalItems.ListAsync(context);
        var watched = await WatchedAsync(context);
        if (open.Count == 0 && held.Count == 0 && proposals.Count == 0)
        {
            return FlowReply.Finished(watched + context.Say("approvals_none"));
        }

        var fund = await WelfareFundAsync(context, open);
        var items = open.Select(p => (p.Subject.Code, Item: (Func<int, object>)(number => ProposalItems.ListItem(
                number,
                p.Subject.Code,
                p.Approvals,
                p.Required,
                ProposalItems.Voted(context, p.Decisions),
                amount: context.IsUssd ? p.Subject.Amount.FormatAmount() : p.Subject.Amount.ToString(),
                name: context.Short(p.Subject.BeneficiaryName, 14),
                fund: p.Subject.Kind == ApprovalKind.Welfare ? fund : ""))))
            .Concat(held.Select(h => (h.Code, Item: (Func<int, object>)(number => ProposalItems.ListItem(
                number,
                h.Code,
                h.Approvals,
                h.Required,
                h.Votes.Any(v => v.OfficerMemberId == context.Member.Id),
                swap: true,
                requester: context.Short(h.Requester.Name, 12),
                requesterRound: h.RequesterRound.Number,
                counterpart: context.Short(h.Counterpart.Name, 12),
                counterpartRound: h.CounterpartRound.Number,
                arrears: Arrears(context, h))))))
            .Concat(proposals)
            .ToList();
        context.Session.Set(CodesKey, string.Join(',', items.Select(i => i.Code)));
        var text = ScreenFit.Longest(items.Count, context.IsUssd, shown => context.Say("approvals_list", new
        {
            items = items.Take(shown).Select((item, i) => item.Item(i + 1)).ToList(),
            more = items.Count - shown,
        }));
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{watched}{text}" : watched + text);
    }

    /// <summary>
    /// Payouts to watch (<see cref="PayoutWatch"/>), above the list: nothing to decide here, but not to be forgotten. Not
    /// on USSD, whose screen the list already fills; the officers had the notices, and the dashboard lists them too.
    /// </summary>
    private static async Task<string> WatchedAsync(FlowContext context) =>
        context.IsUssd ? "" : string.Concat((await PayoutWatch.BlocksAsync(context.Services.Payouts, context.Services.Texts, context.Member.Language, context.Chama.Id)).Select(b => b + "\n"));

    private static async Task<FlowReply> ViewAsync(FlowContext context, string hint)
    {
        var code = context.Session.Get(CodeKey)!;
        if (Keywords.TryParseSwapCode(code, out var swapId))
        {
            return await ViewSwapAsync(context, code, swapId, hint);
        }

        if (ProposalItems.IsProposal(code))
        {
            return await ProposalItems.ViewAsync(context, code, hint);
        }

        if (await FindAsync(context, code) is not { } pending)
        {
            return FlowReply.Finished(context.Say("approval_not_open", new { code }));
        }

        var text = context.Say("approval_item", new
        {
            code,
            what = pending.Subject.Description,
            amount = pending.Subject.Amount.ToString(),
            name = context.Short(pending.Subject.BeneficiaryName, 20),
            approvals = pending.Approvals,
            required = pending.Required,
            fund = await WelfareFundAsync(context, [pending]),
        });
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    /// <summary>What the welfare fund can pay now, shown beside each welfare request; "" when none is listed.</summary>
    private static async Task<string> WelfareFundAsync(FlowContext context, IReadOnlyList<PendingApproval> listed)
    {
        if (!listed.Any(p => p.Subject.Kind == ApprovalKind.Welfare))
        {
            return "";
        }

        var fund = await context.Services.Welfare.GetAvailableAsync(context.Chama.Id);
        return context.IsUssd ? fund.FormatAmount() : fund.ToString();
    }

    /// <summary>A held swap in full: who swaps with whom, their rounds, the arrears, the votes, and when it lapses.</summary>
    private static async Task<FlowReply> ViewSwapAsync(FlowContext context, string code, long swapId, string hint)
    {
        if ((await context.Services.Swaps.GetHeldAsync(context.Chama.Id)).FirstOrDefault(h => h.Swap.Id == swapId) is not { } held)
        {
            return FlowReply.Finished(context.Say("approval_not_open", new { code }));
        }

        var text = context.Say("approval_swap_item", new
        {
            code,
            requester = context.Short(held.Requester.Name, 12),
            requester_round = held.RequesterRound.Number,
            requester_date = context.Date(held.RequesterRound.DueDate),
            counterpart = context.Short(held.Counterpart.Name, 12),
            counterpart_round = held.CounterpartRound.Number,
            counterpart_date = context.Date(held.CounterpartRound.DueDate),
            arrears = Arrears(context, held),
            approvals = held.Approvals,
            required = held.Required,
            lapses = context.IsUssd ? held.FirstDue.DueDate.ToString("d MMM", CultureInfo.InvariantCulture) : context.Date(held.FirstDue.DueDate),
        });
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    /// <summary>Who owes, with how much on WhatsApp; names only on a USSD screen. "-" once the arrears are cleared.</summary>
    private static string Arrears(FlowContext context, HeldSwap held) =>
        held.Arrears.Count == 0
            ? "-"
            : string.Join(", ", held.Arrears.Select(a => context.IsUssd ? context.Short(a.Member.Name, 12) : $"{a.Member.Name} {a.Owed}"));

    private static async Task<PendingApproval?> FindAsync(FlowContext context, string code) =>
        ApprovalSubject.TryParseCode(code, out var kind, out var id) ? await context.Services.Approvals.FindAsync(context.Chama.Id, kind, id) : null;
}
