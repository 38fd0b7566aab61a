using Chama.Core;
using Chama.Data.Chamas;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The banner for a chama already in a state where some payout could not reach its quorum (made before the doors
/// refused such states): officers see who could never be paid and what would fix it.
/// </summary>
public static class QuorumWarning
{
    public static async Task<Markup> ForAsync(ChamaStore chamas, OfficerSeat seat, CancellationToken cancellationToken)
    {
        var check = QuorumReach.Check(await chamas.GetMembersAsync(seat.Chama.Id, cancellationToken), seat.Chama.Constitution.ApprovalsRequired);
        return check.CanAlwaysBeReached ? Markup.Empty : Html.Of($"<p class=\"error\" role=\"alert\"><strong>Warning:</strong> {check.Explain()}</p>");
    }
}
