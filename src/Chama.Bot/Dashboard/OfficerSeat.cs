using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>The signed-in officer as an officer of the chama whose page is asked for, found by <see cref="DashboardAccess"/>.</summary>
public sealed record OfficerSeat(Member Officer, ChamaGroup Chama)
{
    public static OfficerSeat Of(HttpContext http) =>
        http.Items[typeof(OfficerSeat)] as OfficerSeat ?? throw new InvalidOperationException("The dashboard's access filter did not run.");
}
