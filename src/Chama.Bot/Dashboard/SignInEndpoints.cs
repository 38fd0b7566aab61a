using Chama.Bot.Hosting;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Dashboard;
using Chama.Data.Founding;
using Microsoft.AspNetCore.Authentication;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Passwordless sign-in: the officer types their phone, gets a one-time code through the outbox (WhatsApp, or SMS for
/// those who use SMS), and types it back. Every phone gets the same answer, so the page never tells who is an officer.
/// </summary>
public static class SignInEndpoints
{
    /// <summary>The code's text, and the key of the approved WhatsApp template (<c>Twilio:ContentSids:dashboard_code</c>) used outside the 24-hour window.</summary>
    public const string CodeTemplate = "dashboard_code";

    public static RouteGroupBuilder MapSignIn(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/", ChamasAsync);
        dashboard.MapGet("/sign-in", (HttpContext http) => PhoneForm(http));
        dashboard.MapPost("/sign-in", RequestCodeAsync).LimitPerAddress(AddressLimitAnswer.SignIn);
        dashboard.MapPost("/sign-in/code", CheckCodeAsync).LimitPerAddress(AddressLimitAnswer.SignIn);
        dashboard.MapPost("/sign-out", async (HttpContext http) =>
        {
            await DashboardAuth.SignOutAsync(http);
            return Results.Redirect("/dashboard/sign-in", permanent: false, preserveMethod: false);
        });
        return dashboard;
    }

    /// <summary>The chamas the signed-in phone is an officer of; straight to the only one when there is one.</summary>
    private static async Task<IResult> ChamasAsync(HttpContext http, ChamaStore chamas, FoundingStore founding, OnboardingOptions onboarding, MessageTexts texts)
    {
        if (DashboardAuth.PhoneOf(http.User) is not { } phone)
        {
            return Results.Redirect("/dashboard/sign-in");
        }

        var officerOf = (await chamas.FindMembershipsAsync(phone, http.RequestAborted)).Where(m => m.IsOfficer).ToList();
        if (officerOf.Count == 1)
        {
            return Results.Redirect(DashboardLayout.Href(officerOf[0].ChamaId, ""));
        }

        var items = new List<Markup>();
        foreach (var membership in officerOf)
        {
            var chama = await chamas.FindChamaAsync(membership.ChamaId, http.RequestAborted);
            items.Add(Html.Of($"<li><a href=\"{DashboardLayout.Href(membership.ChamaId, "")}\">{chama?.Name}</a> ({DashboardLayout.Roles(membership.Roles)})</li>"));
        }

        var founder = await FoundingPages.LinksAsync(phone, founding, onboarding, texts, http.RequestAborted);
        var body = items.Count == 0
            ? Html.Of($"<p>This phone is not an officer of any chama now.</p>{founder}")
            : Html.Of($"<h1>Your chamas</h1><ul>{Markup.Join(items)}</ul>{founder}");
        var header = Html.Of(
            $"""
            <header><p><strong>Chama.Bot</strong> · officers' dashboard</p>
            <form method="post" action="/dashboard/sign-out">{DashboardLayout.Antiforgery(http)}<button class="secondary" type="submit">Sign out</button></form></header>
            """);
        return DashboardLayout.Page("Your chamas", header, body);
    }

    private static IResult PhoneForm(HttpContext http, string? error = null, int status = 200) =>
        DashboardLayout.Page(
            "Sign in",
            DashboardLayout.SimpleHeader,
            Html.Of(
                $"""
                <h1>Sign in</h1>
                <p>Officers sign in with a one-time code sent to their phone.</p>
                <form method="post" action="/dashboard/sign-in">{DashboardLayout.Antiforgery(http)}
                <label for="phone">Your phone number</label>
                <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required placeholder="0712 000 001">
                <button type="submit">Send me a code</button></form>
                <p><a href="/dashboard/sign-up">Starting a new chama? Sign up here.</a></p>
                """),
            error: error,
            status: status);

    /// <summary>The form a code is typed into (after a sign-in or a founder's sign-up).</summary>
    internal static IResult CodeForm(HttpContext http, PhoneNumber phone, string? notice = null, string? error = null, int status = 200) =>
        DashboardLayout.Page(
            "Enter your code",
            DashboardLayout.SimpleHeader,
            Html.Of(
                $"""
                <h1>Enter your code</h1>
                <form method="post" action="/dashboard/sign-in/code">{DashboardLayout.Antiforgery(http)}
                <input type="hidden" name="phone" value="{phone.E164}">
                <label for="code">6-digit code sent to {phone.Masked}</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]+" minlength="6" maxlength="6" required>
                <button type="submit">Sign in</button></form>
                <p><a href="/dashboard/sign-in">Use another phone or ask for a new code</a></p>
                """),
            notice,
            error,
            status);

    private static async Task<IResult> RequestCodeAsync(HttpContext http, SignInCodes codes, MessageTexts texts, ILoggerFactory loggers)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!PhoneNumber.TryParse(form["phone"], out var phone, out var problem))
        {
            return PhoneForm(http, $"That phone number cannot be used: {problem}", StatusCodes.Status400BadRequest);
        }

        var minutes = (int)SignInCodes.Lifetime.TotalMinutes;
        var sent = await codes.IssueAsync(phone, (officer, code) => texts.Render(officer.Language, CodeTemplate, new { code, minutes }), CodeTemplate, http.RequestAborted);
        loggers.CreateLogger(typeof(SignInEndpoints)).LogInformation("Dashboard code asked for {Phone}: {Outcome}.", phone.Masked, sent ? "queued" : "not sent");
        return CodeForm(http, phone, notice: $"If {phone.Masked} belongs to an officer of a chama, a code is on its way by WhatsApp or SMS. It works once, for {minutes} minutes.");
    }

    private static async Task<IResult> CheckCodeAsync(HttpContext http, SignInCodes codes, TimeProvider clock)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!PhoneNumber.TryParse(form["phone"], out var phone, out _))
        {
            return PhoneForm(http, "Start again with your phone number.", StatusCodes.Status400BadRequest);
        }

        var code = form["code"].ToString().Trim();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return CodeForm(http, phone, error: "The code is the 6 digits in the message.", status: StatusCodes.Status400BadRequest);
        }

        var address = http.Caller()?.ToString() ?? "unknown";
        switch (await codes.CheckAsync(phone, code, address, http.RequestAborted))
        {
            case CodeCheck.SignedIn:
                await DashboardAuth.SignInAsync(http, phone, clock.GetUtcNow());
                return Results.Redirect("/dashboard");
            case CodeCheck.Locked:
                return CodeForm(
                    http, phone, error: $"Too many wrong codes. Wait {(int)SignInCodes.Window.TotalMinutes} minutes, then ask for a new code.", status: StatusCodes.Status429TooManyRequests);
            default:
                return CodeForm(http, phone, error: "That code is wrong, used or expired. Try again, or ask for a new one.", status: StatusCodes.Status400BadRequest);
        }
    }
}
