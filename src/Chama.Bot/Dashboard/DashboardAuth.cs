using System.Globalization;
using System.Security.Claims;
using Chama.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The dashboard's session: a cookie holding only the officer's phone and when they signed in. HttpOnly, SameSite=Lax,
/// Secure whenever the request is HTTPS, scoped to <c>/dashboard</c>; it lapses after <see cref="IdleTimeout"/> without
/// use and, however busy, <see cref="AbsoluteLifetime"/> after sign-in. Which chamas the phone may see is read from the
/// members table on every request, so a role taken away takes effect at once.
/// </summary>
public static class DashboardAuth
{
    public const string Scheme = "Dashboard";
    public const string PhoneClaim = "phone";
    public const string SignedInAtClaim = "signed_in_at";
    public const string CookieName = "chama_dashboard";

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = "/dashboard";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = RefuseAfterAbsoluteLifetime;
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "chama_dashboard_csrf";
            antiforgery.Cookie.Path = "/dashboard";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.FormFieldName = "__csrf";
        });
        return services;
    }

    public static Task SignInAsync(HttpContext http, PhoneNumber phone, DateTimeOffset now)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(PhoneClaim, phone.E164),
                new Claim(ClaimTypes.NameIdentifier, phone.E164),
                new Claim(SignedInAtClaim, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            ],
            Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>The signed-in phone, or null.</summary>
    public static PhoneNumber? PhoneOf(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme } && user.FindFirstValue(PhoneClaim) is { } phone ? PhoneNumber.FromStored(phone) : null;

    /// <summary>Sliding renewal re-issues the cookie, so the absolute limit is kept in a claim of its own.</summary>
    private static async Task RefuseAfterAbsoluteLifetime(CookieValidatePrincipalContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var signedIn = long.TryParse(context.Principal?.FindFirstValue(SignedInAtClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MinValue;
        if (now - signedIn > AbsoluteLifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
