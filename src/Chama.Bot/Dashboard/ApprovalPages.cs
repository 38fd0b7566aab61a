using Chama.Conversations.Commands.Payouts;
using Chama.Conversations.Flows;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Loans;
using Chama.Data.MemberChanges;
using Chama.Data.Disbursements;
using Chama.Data.Recording;
using Chama.Data.ShareOuts;
using Chama.Data.Swaps;
using Chama.Data.Welfare;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Pots and welfare requests waiting for officers, approved or rejected here through the same store call the chat's
/// APPROVE and REJECT use: the same quorum, the same exclusions, the same audit (channel "dashboard"), the same payout.
/// Seat swaps held for the officers follow them (<see cref="SwapApprovals"/>), then rule changes and joins of the running
/// cycle (<see cref="ProposalApprovals"/>).
/// </summary>
public static class ApprovalPages
{
    /// <summary>As in the chat: a rejection needs a reason that fits a text message.</summary>
    public const int MaxReasonLength = 140;

    public static RouteGroupBuilder MapApprovalPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/approvals", (HttpContext http, [AsParameters] Sources sources) => PageAsync(http, sources, Notice(http), null));
        chama.MapPost("/approvals/{code}", DecideAsync);
        chama.MapPost("/approvals/{code}/paid", PaidByHandAsync);
        return chama;
    }

    /// <summary>
    /// The outcome of the decision just made, told after the redirect in the officer's language from the one outcome
    /// map. Only a known outcome and a well-formed decision code are shown; anything else in the query shows nothing.
    /// </summary>
    private static string? Notice(HttpContext http)
    {
        var query = http.Request.Query;
        if (!Enum.TryParse<VoteOutcome>(query["outcome"], ignoreCase: false, out var outcome)
            || outcome is not (VoteOutcome.Recorded or VoteOutcome.Carried or VoteOutcome.Divided or VoteOutcome.Rejected)
            || !DecisionKinds.TryParseCode(query["code"], out var kind, out var id))
        {
            return null;
        }

        _ = int.TryParse(query["approvals"], out var approvals);
        _ = int.TryParse(query["required"], out var required);
        var texts = http.RequestServices.GetRequiredService<MessageTexts>();
        return DecisionTexts.Outcome(texts, OfficerSeat.Of(http).Officer.Language, outcome, kind, id, approvals, required);
    }

    /// <summary>Where the page reads what waits for the officers, and what a decision needs.</summary>
    public sealed record Sources(
        ApprovalStore Approvals,
        SeatSwapStore Swaps,
        ConstitutionStore Rules,
        CycleJoinStore Joins,
        MemberChangeStore Changes,
        ChamaStore Chamas,
        WelfareLedger Welfare,
        MessageTexts Texts,
        DisbursementStore Payouts,
        MoneyNotices Notices,
        PaymentCorrections Corrections,
        LoanRequests Loans,
        TimeProvider Clock,
        ShareOutStore ShareOuts,
        LoanRecoveries Recoveries);

    private static async Task<IResult> PageAsync(HttpContext http, Sources sources, string? notice, string? error, int status = 200)
    {
        var seat = OfficerSeat.Of(http);
        var open = await sources.Approvals.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var held = await sources.Swaps.GetHeldAsync(seat.Chama.Id, http.RequestAborted);
        var rules = await sources.Rules.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var joins = await sources.Joins.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var changes = await sources.Changes.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var corrections = await sources.Corrections.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var loans = await sources.Loans.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var shareOut = await sources.ShareOuts.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var recoveries = await sources.Recoveries.GetOpenAsync(seat.Chama.Id, http.RequestAborted);
        var names = (await sources.Chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).ToDictionary(m => m.Id, m => m.Name);
        var token = DashboardLayout.Antiforgery(http);
        Money? fund = open.Any(p => p.Subject.Kind == ApprovalKind.Welfare) ? await sources.Welfare.GetAvailableAsync(seat.Chama.Id, http.RequestAborted) : null;
        var items = open.Select(p =>
        {
            var subject = p.Subject;
            var decided = DecisionForms.Decided(p.Decisions, names);
            var own = subject.BeneficiaryMemberId == seat.Officer.Id;
            return Html.Of(
                $"""
                <section aria-labelledby="h-{subject.Code}"><h2 id="h-{subject.Code}">{subject.Code}: {subject.Description}</h2>
                <dl><dt>Pay</dt><dd>{subject.Amount} to {subject.BeneficiaryName}</dd>{Html.If(subject.Kind == ApprovalKind.Welfare, $"<dt>Welfare fund</dt><dd>{fund} (after payouts on their way)</dd>")}<dt>Approvals</dt><dd>{p.Approvals} of {p.Required}</dd><dt>Decided</dt><dd>{decided}</dd></dl>
                {Html.If(own, $"<p>The payout is to you: another officer decides.</p>")}
                {DecisionForms.For(seat, subject.Code, token)}</section>
                """);
        }).ToList();
        var body = items.Count == 0 && held.Count == 0 && rules.Count == 0 && joins.Count == 0 && changes.Count == 0 && corrections.Count == 0 && loans.Count == 0 && shareOut is null && recoveries.Count == 0
            ? Html.Of($"<p>Nothing is waiting for approval.</p>")
            : Markup.Join([.. items, SwapApprovals.Sections(held, seat, token, names), ProposalApprovals.Sections(rules, joins, seat, token, names, sources.Texts), MemberChangeApprovals.Sections(changes, seat, token, names), CorrectionApprovals.Sections(corrections, seat, token, names), LoanApprovals.Sections(loans, seat, token, names, NairobiTime.Today(sources.Clock), sources.Texts), ShareOutApprovals.Sections(shareOut, seat, token, names, sources.Texts), RecoveryApprovals.Sections(recoveries, seat, token, names, sources.Texts, NairobiTime.Today(sources.Clock))]);
        body = Markup.Join([await WatchedAsync(seat, sources, token, http.RequestAborted), body]);
        return DashboardLayout.ChamaPage(http, seat, "approvals", body, notice, error, status);
    }

    /// <summary>
    /// Payouts to watch (<see cref="PayoutWatch"/>), first: worded by the same templates as the chat's approvals list, in
    /// the officer's language. A payout to be paid by hand gets its form.
    /// </summary>
    private static async Task<Markup> WatchedAsync(OfficerSeat seat, Sources sources, Markup token, CancellationToken cancellationToken)
    {
        var blocks = await PayoutWatch.BlocksAsync(sources.Payouts, sources.Texts, seat.Officer.Language, seat.Chama.Id, cancellationToken);
        var awaiting = await sources.Payouts.ListAwaitingHandAsync(seat.Chama.Id, cancellationToken);
        return Markup.Join(blocks.Select((block, i) =>
        {
            var lines = block.Split('\n');
            var items = Markup.Join(lines.Skip(1).Select(line => Html.Of($"<li>{line}</li>")));
            return Html.Of($"<section aria-labelledby=\"h-watch-{i}\"><h2 id=\"h-watch-{i}\">{lines[0]}</h2><ul>{items}</ul></section>");
        }).Append(PaidByHandForms.For(seat, awaiting, token, sources.Texts)));
    }

    private static async Task<IResult> DecideAsync(string code, HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        Decision? decision = form["decision"].ToString() switch
        {
            "approve" => Decision.Approve,
            "reject" => Decision.Reject,
            _ => null,
        };
        var reason = TextInput.Lines(form["reason"]);
        var language = seat.Officer.Language;
        if (decision is null || !DecisionKinds.TryParseCode(code, out var kind, out var id))
        {
            return await PageAsync(http, sources, null, sources.Texts.Render(language, "decision_outcome", new { outcome = "not_open", kind = "", code = code.Trim().ToUpperInvariant(), approvals = 0, required = 0 }), StatusCodes.Status400BadRequest);
        }

        if (decision == Decision.Reject && reason.Length is 0 or > MaxReasonLength)
        {
            return await PageAsync(http, sources, null, DecisionTexts.Outcome(sources.Texts, language, VoteOutcome.NoReason, kind, id), StatusCodes.Status400BadRequest);
        }

        var decided = await DashboardDecisions.DecideAsync(seat, kind, id, decision.Value, decision == Decision.Reject ? reason : null, sources, http.RequestAborted);
        if (decided.Outcome is VoteOutcome.Recorded or VoteOutcome.Carried or VoteOutcome.Divided or VoteOutcome.Rejected)
        {
            return Results.Redirect(
                DashboardLayout.Href(seat.Chama.Id, "approvals") + $"?outcome={decided.Outcome}&code={kind.Code(id)}&approvals={decided.Approvals}&required={decided.Required}");
        }

        return await PageAsync(http, sources, null, decided.Text ?? DecisionTexts.Outcome(sources.Texts, language, decided.Outcome, kind, id), StatusCodes.Status409Conflict);
    }

    /// <summary>An approved payout recorded as paid from the cash or the bank (<see cref="PaidByHandForms"/>), as the chat's PAIDOUT.</summary>
    private static async Task<IResult> PaidByHandAsync(string code, HttpContext http, [AsParameters] Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var language = seat.Officer.Language;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        AccountKind? account = form["account"].ToString() switch
        {
            "cash" => AccountKind.Cash,
            "bank" => AccountKind.Bank,
            _ => null,
        };
        if (account is null)
        {
            return await PageAsync(http, sources, null, PaidByHandCommand.Refused(sources.Texts, language, code, ChamaError.PayoutNotPayableByHand), StatusCodes.Status400BadRequest);
        }

        try
        {
            var paid = await sources.Payouts.RecordPaidByHandAsync(
                seat.Officer, code, account.Value, form["reference"], "dashboard", sources.Notices.ForPaidByHand(account.Value, seat.Officer), http.RequestAborted);
            return await PageAsync(http, sources, PaidByHandCommand.Recorded(sources.Texts, language, paid), null);
        }
        catch (ChamaException refused)
        {
            return await PageAsync(http, sources, null, PaidByHandCommand.Refused(sources.Texts, language, code, refused.Error), StatusCodes.Status409Conflict);
        }
    }
}
