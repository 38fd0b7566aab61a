using Chama.Core;
using Stateless;
using Stateless.Graph;
using Decision = Chama.Core.Decision;

namespace Chama.Conversations.Flows;

/// <summary>
/// Approvals, for officers only: lists full pots and welfare requests waiting for a decision; the officer picks one by
/// number and approves or rejects it (with a reason). <c>APPROVE &lt;code&gt;</c> and <c>REJECT &lt;code&gt; &lt;reason&gt;</c>
/// do the same in one message. Dual control and the audit trail are the store's.
/// </summary>
public sealed class ApprovalsFlow : IFlow
{
    private const string CodesKey = "codes";
    private const string CodeKey = "code";

    private enum State
    {
        Listing,
        Viewing,
        EnteringReason,
        Decided,
    }

    private enum Trigger
    {
        Select,
        Approve,
        Reject,
        ReasonEntered,
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
        return trigger switch
        {
            Trigger.Approve => await DecideAsync(context, context.Session.Get(CodeKey)!, Decision.Approve, null),
            Trigger.ReasonEntered => await DecideAsync(context, context.Session.Get(CodeKey)!, Decision.Reject, input.Trim()),
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

        machine.Configure(State.Listing).Permit(Trigger.Select, State.Viewing);
        machine.Configure(State.Viewing)
            .Permit(Trigger.Approve, State.Decided)
            .Permit(Trigger.Reject, State.EnteringReason)
            .Permit(Trigger.Back, State.Listing);
        machine.Configure(State.EnteringReason)
            .Permit(Trigger.ReasonEntered, State.Decided)
            .Permit(Trigger.Back, State.Viewing);
        return machine;
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
        if (open.Count == 0)
        {
            return FlowReply.Finished(context.Say("approvals_none"));
        }

        context.Session.Set(CodesKey, string.Join(',', open.Select(p => p.Subject.Code)));
        var text = ScreenFit.Longest(open.Count, context.IsUssd, shown => context.Say("approvals_list", new
        {
            items = open.Take(shown).Select((p, i) => new
            {
                number = i + 1,
                code = p.Subject.Code,
                amount = context.IsUssd ? p.Subject.Amount.FormatAmount() : p.Subject.Amount.ToString(),
                name = context.Short(p.Subject.BeneficiaryName, 14),
                approvals = p.Approvals,
                required = p.Required,
            }).ToList(),
            more = open.Count - shown,
        }));
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    private static async Task<FlowReply> ViewAsync(FlowContext context, string hint)
    {
        var code = context.Session.Get(CodeKey)!;
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
        });
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    private static async Task<FlowReply> DecideAsync(FlowContext context, string code, Decision decision, string? reason)
    {
        var shown = code.Trim().ToUpperInvariant();
        if (!ApprovalSubject.TryParseCode(code, out var kind, out var id))
        {
            return FlowReply.Finished(context.Say("approval_not_open", new { code = shown }));
        }

        var (outcome, after) = await context.Services.Approvals.DecideAsync(context.Member, kind, id, decision, reason, context.Inbound.ChannelName);
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
