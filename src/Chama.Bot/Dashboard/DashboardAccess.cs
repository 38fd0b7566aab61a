using Chama.Data.Chamas;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Chama.Bot.Dashboard;

/// <summary>The filters every dashboard request passes: who is signed in, a valid antiforgery token on every form, and officer access per chama.</summary>
public static class DashboardAccess
{
    /// <summary>Reads the session cookie, if any, into <see cref="HttpContext.User"/>; never refuses on its own.</summary>
    public static async ValueTask<object?> Authenticate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await context.HttpContext.AuthenticateAsync(DashboardAuth.Scheme);
        if (result.Succeeded)
        {
            context.HttpContext.User = result.Principal;
        }

        return await next(context);
    }

    /// <summary>Every request that changes something must carry the form token issued with the page: 400 otherwise.</summary>
    public static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return DashboardLayout.Page(
                "Form expired", DashboardLayout.SimpleHeader, Html.Of($"<p><a href=\"/dashboard\">Open the dashboard again</a> and repeat what you were doing.</p>"),
                error: "This form has expired or did not come from the dashboard. Nothing was changed.", status: StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }

    /// <summary>
    /// Pages of <c>/dashboard/{chamaId}</c>: the signed-in phone must be an active officer of that chama. Anyone else is sent
    /// to sign in, or told there is no such page: the answer does not tell whether the chama exists.
    /// </summary>
    public static async ValueTask<object?> RequireOfficer(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (DashboardAuth.PhoneOf(http.User) is not { } phone)
        {
            return Results.Redirect("/dashboard/sign-in");
        }

        var chamas = http.RequestServices.GetRequiredService<ChamaStore>();
        var chamaId = long.TryParse(http.Request.RouteValues["chamaId"]?.ToString(), out var id) ? id : 0;
        var officer = (await chamas.FindMembershipsAsync(phone, http.RequestAborted)).FirstOrDefault(m => m.ChamaId == chamaId && m.IsOfficer);
        if (officer is null || await chamas.FindChamaAsync(chamaId, http.RequestAborted) is not { } chama)
        {
            return NotFound();
        }

        http.Items[typeof(OfficerSeat)] = new OfficerSeat(officer, chama);
        return await next(context);
    }

    /// <summary>The one 404 of the chama pages: the same for a chama the officer does not serve and a page that does not exist.</summary>
    public static IResult NotFound() =>
        DashboardLayout.Page(
            "Not found", DashboardLayout.SimpleHeader, Html.Of($"<p><a href=\"/dashboard\">Back to your chamas</a></p>"),
            error: "There is no such page among your chamas.", status: StatusCodes.Status404NotFound);
}
