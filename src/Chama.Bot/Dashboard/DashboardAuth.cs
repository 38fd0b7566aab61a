using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Chama.Core;
using Chama.Data.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The dashboard's session: a cookie holding only the officer's phone and when they signed in. HttpOnly, SameSite=Lax,
/// Secure whenever the request is HTTPS, scoped to <c>/dashboard</c>; it lapses after <see cref="IdleTimeout"/> without
/// use and, however busy, <see cref="AbsoluteLifetime"/> after sign-in. Which chamas the phone may see is read from the
/// members table on every request, so a role taken away takes effect at once. Each sign-in is a session of its own
/// (<see cref="SessionClaim"/>); signing out lists it in <see cref="SignedOutSessions"/>, so a copy of the cookie is
/// refused from then on.
/// </summary>
public static class DashboardAuth
{
    public const string Scheme = "Dashboard";
    public const string PhoneClaim = "phone";
    public const string SignedInAtClaim = "signed_in_at";
    public const string SessionClaim = "session";
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
            cookie.Events.OnValidatePrincipal = RefuseEndedSessions;
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
                new Claim(SessionClaim, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))),
            ],
            Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>The signed-in phone, or null.</summary>
    public static PhoneNumber? PhoneOf(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme } && user.FindFirstValue(PhoneClaim) is { } phone ? PhoneNumber.FromStored(phone) : null;

    /// <summary>
    /// Ends the session on the server: a cookie of this session, wherever it was copied to, is refused from now on.
    /// Then clears this browser's cookie.
    /// </summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        // The dashboard's filters have already read (and validated) the cookie into http.User.
        if (PhoneOf(http.User) is not null && http.User.FindFirstValue(SessionClaim) is { } session)
        {
            var store = http.RequestServices.GetRequiredService<SignedOutSessions>();
            await store.SignOutAsync(session, SignedInAt(http.User) + AbsoluteLifetime, http.RequestAborted);
        }

        await http.SignOutAsync(Scheme);
    }

    /// <summary>
    /// A cookie is refused once its session is signed out, and however busy, <see cref="AbsoluteLifetime"/> after
    /// sign-in (sliding renewal re-issues the cookie, so that limit is kept in a claim of its own). A cookie without a
    /// session (issued before sessions were named) cannot be signed out, so it is refused too.
    /// </summary>
    private static async Task RefuseEndedSessions(CookieValidatePrincipalContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var session = context.Principal?.FindFirstValue(SessionClaim);
        if (now - SignedInAt(context.Principal) > AbsoluteLifetime
            || session is null
            || await context.HttpContext.RequestServices.GetRequiredService<SignedOutSessions>().IsSignedOutAsync(session, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static DateTimeOffset SignedInAt(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(SignedInAtClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MinValue;
}
