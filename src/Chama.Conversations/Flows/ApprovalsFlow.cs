using System.Globalization;
using Chama.Core;
using Chama.Data.Swaps;
using Stateless;
using Stateless.Graph;
using Decision = Chama.Core.Decision;

namespace Chama.Conversations.Flows;

/// <summary>
/// Approvals, for officers only: lists full pots and welfare requests waiting for a decision, then seat swaps held for the
/// officers over arrears (<c>S5</c>), rule changes (<c>R4</c>) and joins of the running cycle (<c>J3</c>); the officer
/// picks one by number and approves or rejects it (with a reason). On USSD the decision is taken only once the officer
/// has given their PIN on the last screen (<see cref="PinGate"/>). On WhatsApp <c>APPROVE &lt;code&gt;</c> and
/// <c>REJECT &lt;code&gt; &lt;reason&gt;</c> do the same in one message. Dual control and the audit trail are the stores';
/// a swap is decided exactly as <see cref="SwapCommand"/> decides it, a rule change or a join as
/// <see cref="RuleCommand"/> and <see cref="JoinCommand"/> do (<see cref="ProposalItems"/>).
/// </summary>
public sealed class ApprovalsFlow : IFlow
{
    private const string CodesKey = "codes";
    private const string CodeKey = "code";
    private const string DecisionKey = "decision";
    private const string ReasonKey = "reason";

    private enum State
    {
        Listing,
        Viewing,
        EnteringReason,
        Authorising,
        Decided,
    }

    private enum Trigger
    {
        Select,
        Approve,
        Reject,
        ReasonEntered,
        Authorised,
        Back,
    }

    public string Name => "approvals";

    public async Task<FlowReply> StartAsync(FlowContext context)
    {
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("approvals_not_officer"));
        }

        context.Session.SetState(State.Listing);
        return await ListAsync(context, "");
    }

    public async Task<FlowReply> ContinueAsync(FlowContext context, string input)
    {
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("approvals_not_officer"));
        }

        var machine = Machine(context);
        var state = machine.State;
        if (state == State.Authorising && !Input.Is(input, Input.Back))
        {
            return await AuthoriseAsync(context, machine, input);
        }

        var trigger = Interpret(context, state, input);
        if (trigger is null)
        {
            return state switch
            {
                State.Listing => await ListAsync(context, context.Say("hint_unknown")),
                State.Viewing => await ViewAsync(context, context.Say("hint_unknown")),
                _ => FlowReply.Continue(context.Say("approval_reason", new { code = context.Session.Get(CodeKey) })),
            };
        }

        if (!machine.CanFire(trigger.Value))
        {
            return FlowReply.ToMenu();
        }

        await machine.FireAsync(trigger.Value);
        var code = context.Session.Get(CodeKey)!;
        return trigger switch
        {
            Trigger.Approve or Trigger.ReasonEntered when machine.State == State.Authorising =>
                await AskPinAsync(context, code, trigger == Trigger.Approve ? Decision.Approve : Decision.Reject, trigger == Trigger.Approve ? null : input.Trim()),
            Trigger.Approve => await DecideAsync(context, code, Decision.Approve, null),
            Trigger.ReasonEntered => await DecideAsync(context, code, Decision.Reject, input.Trim()),
            _ => machine.State switch
            {
                State.Listing => await ListAsync(context, ""),
                State.Viewing => await ViewAsync(context, ""),
                _ => FlowReply.Continue(context.Say("approval_reason", new { code = context.Session.Get(CodeKey) })),
            },
        };
    }

    /// <summary>A decision given in one message (<c>APPROVE P3</c>, <c>REJECT W7 not a member's relative</c>).</summary>
    public static async Task<FlowReply> DecideByCommandAsync(FlowContext context, string code, Decision decision, string? reason)
    {
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("approvals_not_officer"));
        }

        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return FlowReply.Finished(context.Say("approval_reason", new { code = code.ToUpperInvariant() }).Split('\n')[0]);
        }

        return await DecideAsync(context, code, decision, reason);
    }

    public string ToDotGraph() => UmlDotGraph.Format(Machine(null).GetInfo());

    private static StateMachine<State, Trigger> Machine(FlowContext? context)
    {
        var machine = FlowMachine.Create<State, Trigger>(context, State.Listing);

        // On USSD a phone is no proof of who is deciding: the officer's PIN is asked on the last screen.
        var ussd = context?.IsUssd;
        machine.Configure(State.Listing).Permit(Trigger.Select, State.Viewing);
        machine.Configure(State.Viewing)
            .PermitIf(Trigger.Approve, State.Decided, () => ussd != true, "on WhatsApp")
            .PermitIf(Trigger.Approve, State.Authorising, () => ussd == true, "on USSD")
            .Permit(Trigger.Reject, State.EnteringReason)
            .Permit(Trigger.Back, State.Listing);
        machine.Configure(State.EnteringReason)
            .PermitIf(Trigger.ReasonEntered, State.Decided, () => ussd != true, "on WhatsApp")
            .PermitIf(Trigger.ReasonEntered, State.Authorising, () => ussd == true, "on USSD")
            .Permit(Trigger.Back, State.Viewing);
        machine.Configure(State.Authorising)
            .Permit(Trigger.Authorised, State.Decided)
            .Permit(Trigger.Back, State.Viewing);
        return machine;
    }

    /// <summary>Keeps the decision until the PIN is given, and asks for it.</summary>
    private static async Task<FlowReply> AskPinAsync(FlowContext context, string code, Decision decision, string? reason)
    {
        context.Session.Set(DecisionKey, decision.ToString());
        context.Session.Set(ReasonKey, reason ?? "");

        return await PinGate.AskAsync(context, code, decision == Decision.Approve);
    }

    /// <summary>An answer to the PIN screen: the decision kept is taken once the officer is authorised.</summary>
    private static async Task<FlowReply> AuthoriseAsync(FlowContext context, StateMachine<State, Trigger> machine, string input)
    {
        var code = context.Session.Get(CodeKey)!;
        var decision = Enum.Parse<Decision>(context.Session.Get(DecisionKey)!);
        if (await PinGate.AnswerAsync(context, input.Trim(), code, decision == Decision.Approve) is { } screen)
        {
            return screen;
        }

        await machine.FireAsync(Trigger.Authorised);
        return await DecideAsync(context, code, decision, context.Session.Get(ReasonKey) is { Length: > 0 } reason ? reason : null);
    }

    private static Trigger? Interpret(FlowContext context, State state, string input)
    {
        if (Input.Is(input, Input.Back))
        {
            return Trigger.Back;
        }

        var codes = (context.Session.Get(CodesKey) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        switch (state)
        {
            case State.Listing when Input.TryParseChoice(input, codes.Length, out var choice):
                context.Session.Set(CodeKey, codes[choice - 1]);
                return Trigger.Select;
            case State.Viewing when Input.Is(input, "1"):
                return Trigger.Approve;
            case State.Viewing when Input.Is(input, "2"):
                return Trigger.Reject;
            case State.EnteringReason when input.Trim().Length is > 0 and <= 140:
                return Trigger.ReasonEntered;
            default:
                return null;
        }
    }

    private static async Task<FlowReply> ListAsync(FlowContext context, string hint)
    {
        var open = await context.Services.Approvals.GetOpenAsync(context.Chama.Id);
        var held = await context.Services.Swaps.GetHeldAsync(context.Chama.Id);
        var proposals = await ProposalItems.ListAsync(context);
        if (open.Count == 0 && held.Count == 0 && proposals.Count == 0)
        {
            return FlowReply.Finished(context.Say("approvals_none"));
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
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

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

    private static async Task<FlowReply> DecideAsync(FlowContext context, string code, Decision decision, string? reason)
    {
        if (Keywords.TryParseSwapCode(code, out var swapId))
        {
            return await SwapCommand.DecideAsync(context, swapId, decision, reason);
        }

        if (ProposalItems.IsProposal(code))
        {
            return await ProposalItems.DecideAsync(context, code, decision, reason);
        }

        var shown = code.Trim().ToUpperInvariant();
        if (!ApprovalSubject.TryParseCode(code, out var kind, out var id))
        {
            return FlowReply.Finished(context.Say("approval_not_open", new { code = shown }));
        }

        var (outcome, after) = await context.Services.Approvals.DecideAsync(context.Member, kind, id, decision, reason, context.Inbound.ChannelName);
        if (outcome == DecisionOutcome.CannotPay && kind == ApprovalKind.Welfare
            && await context.Services.Welfare.CloseUnpayableAsync(
                context.Member, id, context.Inbound.ChannelName, (closure, officers) => WelfareFlow.ClosedNotices(context.Services.Texts, closure, officers)) is { } closed)
        {
            return FlowReply.Finished(WelfareFlow.ClosedText(context.Services.Texts, context.Member.Language, closed, requester: false, context.IsUssd));
        }

        return FlowReply.Finished(outcome switch
        {
            DecisionOutcome.Recorded when decision == Decision.Approve => context.Say("approval_recorded", new
            {
                code = shown,
                approvals = after!.Approvals,
                required = after.Required,
                complete = after.IsApproved,
                payout = after.Subject.Amount.IsPositive,
                cooling = kind == ApprovalKind.Welfare ? context.Chama.Constitution.WelfareCoolingOffHours : 0,
            }),
            DecisionOutcome.Recorded => context.Say("rejection_recorded", new { code = shown, reason }),
            DecisionOutcome.NotAnOfficer => context.Say("approvals_not_officer"),
            DecisionOutcome.OwnPayout => context.Say("approval_own", new { code = shown }),
            DecisionOutcome.AlreadyDecided => context.Say("approval_already", new { code = shown }),
            DecisionOutcome.CannotPay => context.Say("approval_cannot_pay", new { code = shown }),
            _ => context.Say("approval_not_open", new { code = shown }),
        });
    }

    private static async Task<PendingApproval?> FindAsync(FlowContext context, string code) =>
        ApprovalSubject.TryParseCode(code, out var kind, out var id) ? await context.Services.Approvals.FindAsync(context.Chama.Id, kind, id) : null;
}
