using System.Globalization;
using Chama.Conversations.Commands.Rules;
using Chama.Core;

namespace Chama.Conversations.Flows;

/// <summary>
/// Rule changes (<c>R4</c>), joins of the running cycle (<c>J3</c>), changes of a member's roles (<c>O2</c>) or payout
/// phone (<c>N6</c>), M-Pesa statements (<c>U1</c>), corrections (<c>C4</c>), guaranteed loans (<c>L5</c>) and recoveries of defaulted loans (<c>K5</c>) on the approvals list, after the pots, welfare and swaps: listed while open and shown in full when
/// picked; decided, like every item, by the handler of the code's letter.
/// </summary>
internal static class ProposalItems
{
    /// <summary>
    /// One line of <c>approvals_list</c>. Every line has every variable (the templates are strict); the kind shows by
    /// which of swap, rule or joiner is set, a payout otherwise.
    /// </summary>
    public static object ListItem(
        int number,
        string code,
        int approvals,
        int required,
        bool voted,
        string amount = "",
        string name = "",
        bool swap = false,
        string requester = "",
        int requesterRound = 0,
        string counterpart = "",
        int counterpartRound = 0,
        string arrears = "",
        string rule = "",
        string joiner = "",
        int round = 0,
        string change = "",
        string changeTo = "",
        string fund = "") => new
        {
            number,
            code,
            swap,
            amount,
            name,
            requester,
            requester_round = requesterRound,
            counterpart,
            counterpart_round = counterpartRound,
            arrears,
            rule,
            joiner,
            round,
            change,
            change_to = changeTo,
            fund,
            approvals,
            required,
            voted,
        };

    /// <summary>The open rule changes, then the open joins, as lines for the list.</summary>
    public static async Task<IReadOnlyList<(string Code, Func<int, object> Item)>> ListAsync(FlowContext context)
    {
        var rules = await context.Services.Constitutions.GetOpenAsync(context.Chama.Id);
        var joins = await context.Services.Joins.GetOpenAsync(context.Chama.Id);
        var changes = await context.Services.MemberChanges.GetOpenAsync(context.Chama.Id);
        var statements = await context.Services.PayoutStatements.GetOpenAsync(context.Chama.Id);
        var corrections = await context.Services.Corrections.GetOpenAsync(context.Chama.Id);
        var loans = await context.Services.Loans.GetOpenAsync(context.Chama.Id);
        var recoveries = await context.Services.Recoveries.GetOpenAsync(context.Chama.Id);
        return rules.Select(r => (r.Code, (Func<int, object>)(number => ListItem(
                number, r.Code, r.Approvals, r.Required, Voted(context, r.Decisions), rule: RuleText(context, r.Change)))))
            .Concat(joins.Select(j => (j.Proposal.Code, (Func<int, object>)(number => ListItem(
                number, j.Proposal.Code, j.Proposal.Approvals, j.Proposal.Required, Voted(context, j.Proposal.Decisions),
                joiner: context.Short(j.Proposal.Member.Name, 12), round: j.FirstRound.Number)))))
            .Concat(changes.Select(c => (c.Code, (Func<int, object>)(number => ListItem(
                number, c.Code, c.Approvals, c.Required, Voted(context, c.Decisions), name: context.Short(c.Member.Name, 12), change: c.Kind.Key(), changeTo: ChangeTo(c))))))
            .Concat(statements.Select(s => (s.Code, (Func<int, object>)(number => ListItem(
                number, s.Code, s.Approvals, s.Required, Voted(context, s.Decisions), name: s.Payout.Code, change: DecisionKind.Statement.Key(), changeTo: Shows(s))))))
            .Concat(corrections.Select(c => (c.Code, (Func<int, object>)(number => ListItem(
                number, c.Code, c.Approvals, c.Required, Voted(context, c.Decisions), amount: c.Payment.Amount.ToString(), name: context.Short(c.Payment.Member.Name, 12),
                change: DecisionKind.Correction.Key(), changeTo: c.Payment.Receipt.Value)))))
            .Concat(loans.Select(l => (l.Code, (Func<int, object>)(number => ListItem(
                number, l.Code, l.Approvals, l.Required, Voted(context, l.Decisions), amount: l.Principal.ToString(), name: context.Short(l.Borrower.Name, 12),
                change: DecisionKind.Loan.Key(), changeTo: Months(context, l.TermMonths))))))
            .Concat(recoveries.Select(r => (r.Recovery.Code, (Func<int, object>)(number => ListItem(
                number, r.Recovery.Code, r.Recovery.Approvals, r.Recovery.Required, Voted(context, r.Recovery.Decisions), amount: Owed(context, r.Loan).ToString(),
                name: context.Short(r.Loan.Borrower.Name, 12), change: DecisionKind.Recovery.Key(), changeTo: r.Loan.Code)))))
            .ToList();
    }

    public static bool IsProposal(string code) =>
        DecisionKinds.TryParseCode(code, out var kind, out _) && (kind is DecisionKind.Rule or DecisionKind.Join or DecisionKind.Statement or DecisionKind.Correction or DecisionKind.Loan or DecisionKind.Recovery || MemberChange.IsMemberChange(kind));

    /// <summary>A picked rule change or join in full, with 1. Approve 2. Reject 0. Back; finished when it is no longer open.</summary>
    public static async Task<FlowReply> ViewAsync(FlowContext context, string code, string hint)
    {
        _ = DecisionKinds.TryParseCode(code, out var kind, out var id);
        var text = kind switch
        {
            DecisionKind.Rule => await RuleAsync(context, id),
            DecisionKind.Join => await JoinAsync(context, id),
            DecisionKind.Role or DecisionKind.PayoutPhone => await ChangeAsync(context, kind, id),
            DecisionKind.Statement => await StatementAsync(context, id),
            DecisionKind.Correction => await CorrectionAsync(context, id),
            DecisionKind.Loan => await LoanAsync(context, id),
            DecisionKind.Recovery => await RecoveryAsync(context, id),
            _ => null,
        };
        return text is null
            ? FlowReply.Finished(context.Say("approval_not_open", new { code }))
            : FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{text}" : text);
    }

    public static bool Voted(FlowContext context, IEnumerable<OfficerDecision> decisions) => decisions.Any(d => d.OfficerMemberId == context.Member.Id);

    private static async Task<string?> RuleAsync(FlowContext context, long id)
    {
        if ((await context.Services.Constitutions.GetOpenAsync(context.Chama.Id)).FirstOrDefault(r => r.Id == id) is not { } proposal)
        {
            return null;
        }

        return context.Say("approval_rule_item", new
        {
            code = proposal.Code,
            rule = RuleText(context, proposal.Change),
            proposer = context.Short(await NameAsync(context, proposal.ProposerMemberId), 12),
            approvals = proposal.Approvals,
            required = proposal.Required,
            voted = Voted(context, proposal.Decisions),
        });
    }

    private static async Task<string?> JoinAsync(FlowContext context, long id)
    {
        if ((await context.Services.Joins.GetOpenAsync(context.Chama.Id)).FirstOrDefault(j => j.Proposal.Id == id) is not { } open)
        {
            return null;
        }

        var proposal = open.Proposal;
        return context.Say("approval_join_item", new
        {
            code = proposal.Code,
            member = context.Short(proposal.Member.Name, 12),
            seat = proposal.Member.Seat,
            proposer = context.Short(await NameAsync(context, proposal.ProposerMemberId), 12),
            amount = context.IsUssd ? open.Contribution.FormatAmount() : open.Contribution.ToString(),
            round = open.FirstRound.Number,
            due_date = Day(context, open.FirstRound.DueDate),
            own_round = open.OwnRound.Number,
            own_date = Day(context, open.OwnRound.DueDate),
            approvals = proposal.Approvals,
            required = proposal.Required,
            voted = Voted(context, proposal.Decisions),
        });
    }

    private static async Task<string?> ChangeAsync(FlowContext context, DecisionKind kind, long id)
    {
        if ((await context.Services.MemberChanges.GetOpenAsync(context.Chama.Id)).FirstOrDefault(c => c.Kind == kind && c.Id == id) is not { } change)
        {
            return null;
        }

        return context.Say("approval_change_item", new
        {
            code = change.Code,
            kind = change.Kind.Key(),
            member = context.Short(change.Member.Name, 12),
            change_to = ChangeTo(change),
            proposer = context.Short(await NameAsync(context, change.ProposerMemberId), 12),
            hours = context.Chama.Constitution.PayoutPhoneDelayHours,
            approvals = change.Approvals,
            required = change.Required,
            voted = Voted(context, change.Decisions),
        });
    }

    private static async Task<string?> StatementAsync(FlowContext context, long id)
    {
        if ((await context.Services.PayoutStatements.GetOpenAsync(context.Chama.Id)).FirstOrDefault(s => s.Id == id) is not { } statement)
        {
            return null;
        }

        return context.Say("approval_change_item", new
        {
            code = statement.Code,
            kind = DecisionKind.Statement.Key(),
            member = statement.Payout.Code,
            change_to = Shows(statement),
            proposer = context.Short(await NameAsync(context, statement.ProposerMemberId), 12),
            hours = 0,
            approvals = statement.Approvals,
            required = statement.Required,
            voted = Voted(context, statement.Decisions),
        });
    }

    private static async Task<string?> CorrectionAsync(FlowContext context, long id)
    {
        if ((await context.Services.Corrections.GetOpenAsync(context.Chama.Id)).FirstOrDefault(c => c.Id == id) is not { } correction)
        {
            return null;
        }

        return context.Say("approval_change_item", new
        {
            code = correction.Code,
            kind = DecisionKind.Correction.Key(),
            member = context.Short(correction.Payment.Member.Name, 12),
            change_to = correction.Payment.Receipt.Value,
            amount = correction.Payment.Amount.ToString(),
            reason = correction.Reason,
            proposer = context.Short(await NameAsync(context, correction.ProposerMemberId), 12),
            hours = 0,
            approvals = correction.Approvals,
            required = correction.Required,
            voted = Voted(context, correction.Decisions),
        });
    }

    private static async Task<string?> LoanAsync(FlowContext context, long id)
    {
        if ((await context.Services.Loans.GetOpenAsync(context.Chama.Id)).FirstOrDefault(l => l.Id == id) is not { } loan)
        {
            return null;
        }

        return context.Say("approval_loan_item", new
        {
            code = loan.Code,
            borrower = context.Short(loan.Borrower.Name, 12),
            amount = loan.Principal.ToString(),
            term = loan.TermMonths,
            rate = RuleChange.Percent(loan.Facts.MonthlyRateBasisPoints),
            method = loan.Facts.Method.ToString().ToLowerInvariant(),
            total_interest = loan.ScheduleFrom(context.Today).TotalInterest.ToString(),
            guarantors = string.Join(", ", loan.Guarantees.Select(g => context.Short(g.Member.Name, 12))),
            approvals = loan.Approvals,
            required = loan.Required,
            voted = Voted(context, loan.Decisions),
        });
    }

    private static async Task<string?> RecoveryAsync(FlowContext context, long loanId)
    {
        var (recovery, loan) = (await context.Services.Recoveries.GetOpenAsync(context.Chama.Id)).FirstOrDefault(r => r.Loan.Id == loanId);
        if (recovery is null)
        {
            return null;
        }

        return context.Say("approval_change_item", new
        {
            code = recovery.Code,
            kind = DecisionKind.Recovery.Key(),
            member = context.Short(loan.Borrower.Name, 12),
            change_to = loan.Code,
            amount = Owed(context, loan).ToString(),
            reason = Commands.Loans.LoanLifeNotices.Pledged(loan).ToString(),
            proposer = context.Short(await NameAsync(context, recovery.ProposerMemberId), 12),
            hours = 0,
            approvals = recovery.Approvals,
            required = recovery.Required,
            voted = Voted(context, recovery.Decisions),
        });
    }

    /// <summary>Everything a loan owes today: principal, interest and penalties.</summary>
    private static Money Owed(FlowContext context, Data.Loans.LoanLife loan) =>
        Commands.Loans.LoanLifeNotices.Owed(loan.Position(NairobiTime.Today(context.Services.Clock), context.Chama.Constitution.GraceDays));

    /// <summary>A loan's term on the list: <c>12 mo</c>.</summary>
    private static string Months(FlowContext context, int months) => context.Say("loan_term", new { months });

    /// <summary>What the statement is said to show: <c>paid TKL919G2AV</c> or <c>not paid</c>.</summary>
    private static string Shows(PayoutStatement statement) => statement.Paid ? $"paid {statement.Receipt}" : "not paid";

    /// <summary>What a member change asks for: the new roles, or the new payout phone.</summary>
    private static string ChangeTo(MemberChange change) =>
        change.Kind == DecisionKind.Role ? Texts.MemberChangeNotices.Roles(change.Roles!.Value) : change.ReceivePhone!.E164;

    private static string RuleText(FlowContext context, RuleChange change) =>
        RuleCommand.Text(context.Services.Texts, context.Member.Language, change, context.Chama.Currency);

    private static async Task<string> NameAsync(FlowContext context, long memberId) =>
        (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).FirstOrDefault(m => m.Id == memberId)?.Name ?? "?";

    /// <summary>A USSD screen has no room for the year.</summary>
    private static string Day(FlowContext context, DateOnly date) =>
        context.IsUssd ? date.ToString("d MMM", CultureInfo.InvariantCulture) : context.Date(date);
}
