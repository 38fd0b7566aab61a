using System.Globalization;
using Chama.Bot.Hosting;
using Chama.Conversations.Commands.Rules;
using Chama.Conversations.Phones.Founding;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Core.Founding;
using Chama.Data.Dashboard;
using Chama.Data.Founding;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Founding a chama on the web: sign up with a phone and a one-time code (<see cref="SignInCodes.IssueToFounderAsync"/>),
/// then one form per step of the same set-up the chat runs (<see cref="FoundingStore"/>, <see cref="ChamaSetup"/>): the
/// same checks, the same draft, so a set-up begun by message can be finished here and the other way round. The founder
/// becomes the chama's chair and lands on its dashboard.
/// </summary>
public static class FoundingPages
{
    private const string Path = "/dashboard/new-chama";

    public static RouteGroupBuilder MapFoundingPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/sign-up", (HttpContext http, FoundingStore founding, MessageTexts texts) => SignUpForm(http, founding, texts));
        dashboard.MapPost("/sign-up", SendCodeAsync).LimitPerAddress(AddressLimitAnswer.SignIn);
        dashboard.MapGet("/new-chama", StepPageAsync);
        dashboard.MapPost("/new-chama/start", StartAsync);
        dashboard.MapPost("/new-chama", AnswerAsync);
        dashboard.MapPost("/new-chama/back", BackAsync);
        dashboard.MapPost("/new-chama/cancel", CancelAsync);
        dashboard.MapPost("/new-chama/found", FoundAsync);
        return dashboard;
    }

    /// <summary>The links the dashboard's first page shows a signed-in phone: continue its open set-up, or start one.</summary>
    public static async Task<Markup> LinksAsync(PhoneNumber phone, FoundingStore founding, OnboardingOptions onboarding, MessageTexts texts, CancellationToken cancellationToken)
    {
        if (await founding.FindAsync(phone, cancellationToken) is { IsOpen: true } draft)
        {
            return Html.Of($"<p><a href=\"{Path}\">{Say(texts, draft.Language, new { part = "continue_link", chama = draft.Setup.Answers.Name ?? "…" })}</a></p>");
        }

        return Html.If(onboarding.Open, $"<p><a href=\"{Path}\">{Say(texts, Language.En, "start_link")}</a></p>");
    }

    private static IResult SignUpForm(HttpContext http, FoundingStore founding, MessageTexts texts, string? error = null, int status = 200)
    {
        if (!founding.IsOpen)
        {
            return Closed(texts);
        }

        return Page(
            texts,
            Language.En,
            Html.Of(
                $"""
                <p>{Say(texts, Language.En, "intro")}</p>
                <form method="post" action="/dashboard/sign-up">{DashboardLayout.Antiforgery(http)}
                <label for="phone">{Say(texts, Language.En, "phone")}</label>
                <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required placeholder="0712 000 001">
                <button type="submit">{Say(texts, Language.En, "send_code")}</button></form>
                """),
            error: error,
            status: status);
    }

    /// <summary>Sends a founder's code to any phone (founding is open), then the same code form as the officers' sign-in.</summary>
    private static async Task<IResult> SendCodeAsync(HttpContext http, FoundingStore founding, SignInCodes codes, MessageTexts texts, ILoggerFactory loggers)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!PhoneNumber.TryParse(form["phone"], out var phone, out var problem))
        {
            return SignUpForm(http, founding, texts, $"That phone number cannot be used: {problem}", StatusCodes.Status400BadRequest);
        }

        if (!founding.IsOpen)
        {
            return SignUpForm(http, founding, texts);
        }

        var minutes = (int)SignInCodes.Lifetime.TotalMinutes;
        var sent = await codes.IssueToFounderAsync(
            phone, code => texts.Render(Language.En, SignInEndpoints.CodeTemplate, new { code, minutes }), SignInEndpoints.CodeTemplate, http.RequestAborted);
        loggers.CreateLogger(typeof(FoundingPages)).LogInformation("Founder's code asked for {Phone}: {Outcome}.", phone.Masked, sent ? "queued" : "not sent");
        return SignInEndpoints.CodeForm(http, phone, notice: Say(texts, Language.En, new { part = "code_sent", phone = phone.Masked, minutes }));
    }

    private static async Task<IResult> StepPageAsync(HttpContext http, FoundingStore founding, MessageTexts texts, TimeProvider clock)
    {
        if (DashboardAuth.PhoneOf(http.User) is not { } phone)
        {
            return Results.Redirect("/dashboard/sign-up");
        }

        var draft = await founding.FindAsync(phone, http.RequestAborted);
        var said = http.Request.Query["notice"].ToString();
        var notice = said is "cancelled" or "stale" ? said : null;
        return draft is { IsOpen: true } open
            ? StepPage(http, open, founding, texts, clock, notice is null ? null : Say(texts, open.Language, notice))
            : StartPage(http, founding, texts, notice is null ? null : Say(texts, Language.En, notice));
    }

    /// <summary>No set-up open: the button that opens one, in the language the founder picks.</summary>
    private static IResult StartPage(HttpContext http, FoundingStore founding, MessageTexts texts, string? notice = null, string? error = null, int status = 200)
    {
        if (!founding.IsOpen)
        {
            return Closed(texts);
        }

        return Page(
            texts,
            Language.En,
            Html.Of(
                $"""
                <p>{Say(texts, Language.En, "none")}</p>
                <form method="post" action="{Path}/start">{DashboardLayout.Antiforgery(http)}
                <label for="language">{Say(texts, Language.En, "language")}</label>
                <select id="language" name="language"><option value="En">English</option><option value="Sw">Kiswahili</option></select>
                <button type="submit">{Say(texts, Language.En, "start")}</button></form>
                """),
            notice,
            error,
            status);
    }

    private static IResult StepPage(HttpContext http, SetupDraft draft, FoundingStore founding, MessageTexts texts, TimeProvider clock, string? notice = null, string? error = null, int status = 200)
    {
        var language = draft.Language;
        var setup = draft.Setup;
        var step = setup.Step;
        var key = FoundingScreens.StepKey(step);
        var steps = Enum.GetValues<SetupStep>().Length;
        var answers = setup.Answers;
        var rules = answers.Rules() is { } constitution
            ? Html.Of($"<p class=\"notice\">{texts.Render(language, "rules_list", RulesCommand.Model(answers.Name ?? "", constitution, founding: true, web: true))}</p>")
            : Markup.Empty;
        var field = step switch
        {
            SetupStep.Frequency => Html.Of(
                $"""
                <select id="answer" name="answer">
                <option value="1">{Say(texts, language, "weekly")}</option><option value="2">{Say(texts, language, "fortnightly")}</option><option value="3" selected>{Say(texts, language, "monthly")}</option>
                </select>
                """),
            SetupStep.FirstMeeting => Html.Of(
                $"<input id=\"answer\" name=\"answer\" type=\"date\" required min=\"{NairobiTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\">"),
            SetupStep.Seat => Html.Of($"<input id=\"answer\" name=\"answer\" type=\"number\" required min=\"1\" max=\"{ChamaSetup.MaxSeat}\" value=\"1\">"),
            _ => Html.Of($"<input id=\"answer\" name=\"answer\" required autocomplete=\"off\" value=\"{Typed(answers, step)}\">"),
        };
        var form = step switch
        {
            SetupStep.Rules => Html.Of(
                $"""
                {rules}
                <form method="post" action="{Path}">{DashboardLayout.Antiforgery(http)}<input type="hidden" name="step" value="{key}">
                <input type="hidden" name="answer" value="YES"><button type="submit">{Say(texts, language, "keep")}</button></form>
                <form method="post" action="{Path}">{DashboardLayout.Antiforgery(http)}<input type="hidden" name="step" value="{key}">
                <label for="answer">{Say(texts, language, "rules")}</label>
                <input id="answer" name="answer" required autocomplete="off" placeholder="{(int)Clause.LateFine} 200">
                <button class="secondary" type="submit">{Say(texts, language, "change")}</button></form>
                """),
            SetupStep.Confirm => Html.Of(
                $"""
                <p>{Say(texts, language, "confirm")}</p>
                {Summary(texts, language, answers)}
                {rules}
                {Html.If(founding.RequiresApproval, $"<p>{Say(texts, language, "approval")}</p>")}
                <form method="post" action="{Path}/found">{DashboardLayout.Antiforgery(http)}<button type="submit">{Say(texts, language, "found")}</button></form>
                """),
            _ => Html.Of(
                $"""
                {Summary(texts, language, answers)}
                <form method="post" action="{Path}">{DashboardLayout.Antiforgery(http)}<input type="hidden" name="step" value="{key}">
                <label for="answer">{Say(texts, language, new { part = key, min_code = ShortCode.MinLength, max_code = ShortCode.MaxLength })}</label>
                {field}
                <button type="submit">{Say(texts, language, "next")}</button></form>
                """),
        };
        var body = Html.Of(
            $"""
            <h2>{Say(texts, language, new { part = "step", number = (int)step, steps })}</h2>
            {form}
            {Html.If(step != SetupStep.Name, $"<form method=\"post\" action=\"{Path}/back\">{DashboardLayout.Antiforgery(http)}<button class=\"secondary\" type=\"submit\">{Say(texts, language, "back")}</button></form>")}
            <form method="post" action="{Path}/cancel">{DashboardLayout.Antiforgery(http)}<button class="secondary" type="submit">{Say(texts, language, "cancel")}</button></form>
            """);
        return Page(texts, language, body, notice, error, status);
    }

    private static async Task<IResult> StartAsync(HttpContext http, FoundingStore founding, MessageTexts texts)
    {
        if (DashboardAuth.PhoneOf(http.User) is not { } phone)
        {
            return Results.Redirect("/dashboard/sign-up");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var language = form["language"] == "Sw" ? Language.Sw : Language.En;
        try
        {
            await founding.StartAsync(phone, language, DashboardEndpoints.Channel, http.RequestAborted);
            return Results.Redirect(Path);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.OnboardingClosed or ChamaError.FoundingLimitReached)
        {
            var reason = FoundingScreens.Reason(refused.Error);
            return StartPage(http, founding, texts, error: Say(texts, language, new { part = reason, limit = FoundingStore.DailyLimit }), status: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>
    /// One step's answer. The form names the step it was shown for: a form sent again after the set-up moved on (a double
    /// click, the back button) changes nothing and shows where the set-up is.
    /// </summary>
    private static async Task<IResult> AnswerAsync(HttpContext http, FoundingStore founding, MessageTexts texts, TimeProvider clock)
    {
        if (DashboardAuth.PhoneOf(http.User) is not { } phone)
        {
            return Results.Redirect("/dashboard/sign-up");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (await founding.FindAsync(phone, http.RequestAborted) is not { IsOpen: true } draft)
        {
            return Results.Redirect(Path);
        }

        if (form["step"] != FoundingScreens.StepKey(draft.Setup.Step))
        {
            return Results.Redirect($"{Path}?notice=stale");
        }

        try
        {
            await founding.AnswerAsync(phone, form["answer"].ToString(), http.RequestAborted);
            return Results.Redirect(Path);
        }
        catch (ChamaException refused) when (FoundingScreens.IsStepRefusal(refused.Error))
        {
            var hint = texts.Render(draft.Language, "founding_hint", FoundingScreens.HintModel(refused.Error.ToString()));
            return StepPage(http, draft, founding, texts, clock, error: hint, status: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> BackAsync(HttpContext http, FoundingStore founding)
    {
        if (DashboardAuth.PhoneOf(http.User) is { } phone && await founding.FindAsync(phone, http.RequestAborted) is { IsOpen: true })
        {
            await founding.BackAsync(phone, cancellationToken: http.RequestAborted);
        }

        return Results.Redirect(Path);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, FoundingStore founding)
    {
        var cancelled = DashboardAuth.PhoneOf(http.User) is { } phone && await founding.CancelAsync(phone, http.RequestAborted);
        return Results.Redirect(cancelled ? $"{Path}?notice=cancelled" : Path);
    }

    /// <summary>
    /// Founds the chama. The key is the draft's own (its phone and when it was opened), so a second click on the button
    /// finds the chama already founded by the first and founds nothing again.
    /// </summary>
    private static async Task<IResult> FoundAsync(HttpContext http, FoundingStore founding, MessageTexts texts, TimeProvider clock)
    {
        if (DashboardAuth.PhoneOf(http.User) is not { } phone)
        {
            return Results.Redirect("/dashboard/sign-up");
        }

        var draft = await founding.FindAsync(phone, http.RequestAborted);
        if (draft is null)
        {
            return Results.Redirect(Path);
        }

        try
        {
            var founded = await founding.FoundAsync(phone, FoundKey(draft), DashboardEndpoints.Channel, http.RequestAborted);
            var chama = founded.Chama;
            var body = Html.Of(
                $"""
                <p>{Say(texts, draft.Language, new { part = "founded", chama = chama.Name, code = chama.Code, awaiting = chama.AwaitsApproval })}</p>
                <p><a href="{DashboardLayout.Href(chama.Id, "")}">{Say(texts, draft.Language, new { part = "open", chama = chama.Name })}</a></p>
                """);
            return Page(texts, draft.Language, body);
        }
        catch (ChamaException refused) when (draft.IsOpen && FoundingScreens.IsStepRefusal(refused.Error))
        {
            // Another chama took the code since it was chosen: back to that step, the other answers kept (as in the chat).
            var shown = refused.Error == ChamaError.ChamaCodeTaken ? await founding.BackAsync(phone, SetupStep.Code, http.RequestAborted) : draft;
            var hint = texts.Render(draft.Language, "founding_hint", FoundingScreens.HintModel(refused.Error.ToString()));
            return StepPage(http, shown, founding, texts, clock, error: hint, status: StatusCodes.Status409Conflict);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.OnboardingClosed or ChamaError.FoundingLimitReached)
        {
            var reason = FoundingScreens.Reason(refused.Error);
            return Page(texts, draft.Language, Markup.Empty, error: Say(texts, draft.Language, new { part = reason, limit = FoundingStore.DailyLimit }), status: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>Self-service founding is off (<c>Onboarding:Open=false</c>): the operator creates chamas.</summary>
    private static IResult Closed(MessageTexts texts) =>
        Page(texts, Language.En, Markup.Empty, error: Say(texts, Language.En, "closed"), status: StatusCodes.Status403Forbidden);

    private static string FoundKey(SetupDraft draft) => $"dashboard:{draft.Phone.E164}:{draft.CreatedAt.ToUnixTimeMilliseconds()}:found";

    /// <summary>What has been answered, step by step, so the founder sees the chama taking shape.</summary>
    private static Markup Summary(MessageTexts texts, Language language, SetupAnswers answers)
    {
        var rows = new List<Markup>();
        void Row(SetupStep step, string? value)
        {
            if (value is { Length: > 0 })
            {
                rows.Add(Html.Of($"<dt>{Say(texts, language, new { part = "label", step = FoundingScreens.StepKey(step) })}</dt><dd>{value}</dd>"));
            }
        }

        Row(SetupStep.Name, answers.Name);
        Row(SetupStep.Code, answers.Code);
        Row(SetupStep.Contribution, answers.Contribution?.ToString());
        Row(SetupStep.Frequency, answers.Frequency is { } frequency ? Say(texts, language, frequency.ToString().ToLowerInvariant()) : null);
        Row(SetupStep.FirstMeeting, answers.FirstMeeting is { } first ? DashboardLayout.Day(first) : null);
        Row(SetupStep.FounderName, answers.FounderName);
        Row(SetupStep.Seat, answers.Seat?.ToString(CultureInfo.InvariantCulture));
        return rows.Count == 0 ? Markup.Empty : Html.Of($"<dl>{Markup.Join(rows)}</dl>");
    }

    /// <summary>A step's earlier answer, shown again when the founder comes back to it.</summary>
    private static string Typed(SetupAnswers answers, SetupStep step) => step switch
    {
        SetupStep.Name => answers.Name ?? "",
        SetupStep.Code => answers.Code ?? "",
        SetupStep.Contribution => answers.Contribution?.ToString() ?? "",
        SetupStep.FounderName => answers.FounderName ?? "",
        _ => "",
    };

    /// <summary>One part of the <c>dashboard_founding</c> texts.</summary>
    private static string Say(MessageTexts texts, Language language, string part) => Say(texts, language, new { part });

    /// <summary>A part of the <c>dashboard_founding</c> texts with its values; <paramref name="model"/> names the part.</summary>
    private static string Say(MessageTexts texts, Language language, object model) => texts.Render(language, "dashboard_founding", model);

    private static IResult Page(MessageTexts texts, Language language, Markup body, string? notice = null, string? error = null, int status = 200) =>
        DashboardLayout.Page(Say(texts, language, "title"), DashboardLayout.SimpleHeader, Html.Of($"<h1>{Say(texts, language, "title")}</h1>{body}"), notice, error, status);
}
