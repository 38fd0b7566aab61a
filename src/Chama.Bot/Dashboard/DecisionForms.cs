using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>What each item of the approvals page ends with: who has decided so far, and the approve and reject forms (a rejection needs its reason).</summary>
public static class DecisionForms
{
    public static Markup For(OfficerSeat seat, string code, Markup token)
    {
        var action = DashboardLayout.Href(seat.Chama.Id, $"approvals/{code}");
        return Html.Of(
            $"""
            <form method="post" action="{action}">{token}<input type="hidden" name="decision" value="approve"><button type="submit">Approve {code}</button></form>
            <form method="post" action="{action}">{token}<input type="hidden" name="decision" value="reject">
            <label for="reason-{code}">Reason for rejecting {code}</label>
            <input id="reason-{code}" name="reason" maxlength="{ApprovalPages.MaxReasonLength}" required>
            <button class="danger" type="submit">Reject {code}</button></form>
            """);
    }

    /// <summary>Who has decided so far: <c>Patrick Ochieng (approve)</c>, or <c>none yet</c>.</summary>
    public static string Decided(IEnumerable<OfficerDecision> decisions, IReadOnlyDictionary<long, string> names)
    {
        var said = decisions.Select(d => $"{names.GetValueOrDefault(d.OfficerMemberId, "?")} ({d.Decision.ToString().ToLowerInvariant()})").ToList();
        return said.Count == 0 ? "none yet" : string.Join(", ", said);
    }
}
