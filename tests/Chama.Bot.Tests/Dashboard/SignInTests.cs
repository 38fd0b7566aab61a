using System.Net;
using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Notifications;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.MemberChanges;
using Chama.Data.Dashboard;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

public abstract class SignInTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_officer_signs_in_with_the_code_sent_through_the_outbox()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);

        var page = await browser.SignInAsync("0722 000 002");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/dashboard/{demo.Chama.Id}", page.Path);
        Assert.Contains("signed in as Patrick Ochieng (chair)", page.Text, StringComparison.Ordinal);
        Assert.Contains("<h1>Current round</h1>", page.Text, StringComparison.Ordinal);
        var code = await DashboardClient.CodeSentToAsync(factory, Phones.Patrick);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_codes", $"code_hash LIKE '%{code}%' OR salt LIKE '%{code}%'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "sign_in_codes", "used_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_stranger_and_a_plain_member_get_the_officers_answer_and_no_message()
    {
        var browser = new DashboardClient(factory);
        await Demo.LoadAsync(factory);

        var answers = new List<string>();
        foreach (var phone in new[] { Phones.Stranger, Phones.Samuel, Phones.Patrick })
        {
            var page = await browser.RequestCodeAsync(phone);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            answers.Add(page.Text.Replace(PhoneNumber.Parse(phone).Masked, "PHONE", StringComparison.Ordinal).Replace(phone, "PHONE", StringComparison.Ordinal));
        }

        Assert.Contains("If PHONE belongs to an officer of a chama, a code is on its way", answers[0], StringComparison.Ordinal);
        Assert.All(answers, answer => Assert.Equal(Strip(answers[2]), Strip(answer)));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'signin:%'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"idempotency_key LIKE 'signin:%' AND phone = '{Phones.Patrick}'"));
    }

    [Fact]
    public async Task The_code_goes_out_in_the_officers_language()
    {
        var demo = await Demo.LoadAsync(factory);
        await factory.Get<ChamaStore>().SetLanguageAsync(demo.Patrick, Language.Sw, Actor.System("test"));

        await new DashboardClient(factory).RequestCodeAsync(Phones.Patrick);

        var body = (await factory.Get<Chama.Data.Outbox.Outbox>().ListForPhoneAsync(demo.Patrick.Phone)).Single().Body;
        Assert.StartsWith("Nambari yako ya kuingia kwenye dashibodi ya Chama.Bot ni ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_whatsapp_window_the_code_goes_as_the_approved_template()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var host = new NotifyHost(twilio);
        host.With("Twilio:ContentSids:dashboard_code", "HX00000000000000000000000000000001");
        await Demo.LoadAsync(host);
        var browser = new DashboardClient(host);

        await browser.RequestCodeAsync(Phones.Patrick);
        await host.SendAsync();

        var sent = Assert.Single(twilio.Created);
        var code = await DashboardClient.CodeSentToAsync(host, Phones.Patrick);
        Assert.Equal(("HX00000000000000000000000000000001", $"{{\"1\":\"{code}\"}}", null), (sent.Field("ContentSid"), sent.Field("ContentVariables"), sent.Field("Body")));
        Assert.Contains("signed in as Patrick Ochieng", (await browser.EnterCodeAsync(Phones.Patrick, code)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        var code = await DashboardClient.CodeSentToAsync(factory, Phones.Patrick);

        var again = await new DashboardClient(factory).EnterCodeAsync(Phones.Patrick, code);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("That code is wrong, used or expired.", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_expires_after_ten_minutes()
    {
        var browser = new DashboardClient(factory);
        await browser.RequestCodeAsync(Phones.Patrick);
        var code = await DashboardClient.CodeSentToAsync(factory, Phones.Patrick);

        factory.Clock.Advance(SignInCodes.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.EnterCodeAsync(Phones.Patrick, code)).Status);
        Assert.Equal("/dashboard/sign-in", (await browser.GetAsync("/dashboard")).Path);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_phone_even_against_the_right_code_while_other_phones_go_on()
    {
        var browser = new DashboardClient(factory);
        await browser.RequestCodeAsync(Phones.Patrick);
        var code = await DashboardClient.CodeSentToAsync(factory, Phones.Patrick);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var i = 0; i < SignInCodes.MaxFailuresPerPhone; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.EnterCodeAsync(Phones.Patrick, wrong)).Status);
        }

        var locked = await browser.EnterCodeAsync(Phones.Patrick, code);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Contains("Too many wrong codes.", locked.Text, StringComparison.Ordinal);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_codes", "used_at IS NOT NULL"));
        Assert.Contains("signed in as Grace Wanjiku", (await new DashboardClient(factory).SignInAsync(Phones.Grace)).Text, StringComparison.Ordinal);

        factory.Clock.Advance(SignInCodes.Window);
        Assert.Contains("signed in as Patrick Ochieng", (await new DashboardClient(factory).SignInAsync(Phones.Patrick)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_codes_from_one_address_lock_every_phone_from_it()
    {
        var browser = new DashboardClient(factory);
        for (var i = 0; i < SignInCodes.MaxFailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.EnterCodeAsync($"+2547990{i:D5}", "123456")).Status);
        }

        await browser.RequestCodeAsync(Phones.Patrick);
        var locked = await browser.EnterCodeAsync(Phones.Patrick, await DashboardClient.CodeSentToAsync(factory, Phones.Patrick));

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
    }

    [Fact]
    public async Task A_malformed_code_is_answered_and_not_counted()
    {
        var browser = new DashboardClient(factory);
        await browser.RequestCodeAsync(Phones.Patrick);

        var page = await browser.EnterCodeAsync(Phones.Patrick, "12ab");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("The code is the 6 digits in the message.", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_failures"));
    }

    [Fact]
    public async Task An_invalid_phone_is_answered_and_nothing_is_made()
    {
        var page = await new DashboardClient(factory).RequestCodeAsync("07x2");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("That phone number cannot be used", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_codes"));
    }

    [Fact]
    public async Task Code_requests_for_strangers_phones_get_the_same_page_and_leave_no_row()
    {
        const string Answer = "belongs to an officer of a chama, a code is on its way by WhatsApp or SMS.";
        var browser = new DashboardClient(factory);
        Assert.Contains(Answer, (await browser.RequestCodeAsync(Phones.Patrick)).Text, StringComparison.Ordinal);
        var before = await DatabaseProbe.AllRowCountsAsync(factory);

        for (var i = 0; i < 50; i++)
        {
            var page = await browser.RequestCodeAsync($"07990{i:D5}");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(Answer, page.Text, StringComparison.Ordinal);
        }

        Assert.Equal(before, await DatabaseProbe.AllRowCountsAsync(factory));
    }

    [Fact]
    public async Task Only_three_codes_are_sent_to_a_phone_in_fifteen_minutes()
    {
        var browser = new DashboardClient(factory);
        for (var i = 0; i < SignInCodes.MaxCodesPerPhone + 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.RequestCodeAsync(Phones.Patrick)).Status);
        }

        Assert.Equal(SignInCodes.MaxCodesPerPhone, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'signin:%'"));
    }

    [Fact]
    public async Task A_form_without_its_token_is_refused_and_changes_nothing()
    {
        var browser = new DashboardClient(factory);

        var page = await browser.PostAsync("/dashboard/sign-in", new Dictionary<string, string> { ["phone"] = Phones.Patrick }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "sign_in_codes"));
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_lax_scoped_and_secure_over_https()
    {
        var browser = new DashboardClient(factory, "https://localhost", followRedirects: false);
        await browser.RequestCodeAsync(Phones.Patrick);

        var signedIn = await browser.EnterCodeAsync(Phones.Patrick, await DashboardClient.CodeSentToAsync(factory, Phones.Patrick));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        var cookie = Assert.Single(signedIn.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("chama_dashboard=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; path=/dashboard", cookie, StringComparison.Ordinal);
        Assert.Contains("; secure", cookie, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("; httponly", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("expires=", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_lapses_after_thirty_idle_minutes()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        factory.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal($"/dashboard/{demo.Chama.Id}", (await browser.GetAsync($"/dashboard/{demo.Chama.Id}")).Path);
        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal("/dashboard/sign-in", (await browser.GetAsync($"/dashboard/{demo.Chama.Id}")).Path);
    }

    [Fact]
    public async Task A_session_in_constant_use_ends_eight_hours_after_sign_in()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        for (var minutes = 20; minutes < 8 * 60; minutes += 20)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal($"/dashboard/{demo.Chama.Id}", (await browser.GetAsync($"/dashboard/{demo.Chama.Id}")).Path);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(21));

        Assert.Equal("/dashboard/sign-in", (await browser.GetAsync($"/dashboard/{demo.Chama.Id}")).Path);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var signedOut = await browser.PostAsync("/dashboard/sign-out", new Dictionary<string, string>());

        Assert.Equal("/dashboard/sign-in", signedOut.Path);
        Assert.Equal("/dashboard/sign-in", (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, ""))).Path);
    }

    [Fact]
    public async Task An_officer_whose_role_is_taken_away_loses_the_pages_at_once()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        // A fourth officer first: without Patrick, Grace's and Diana's pots could not reach the quorum of two.
        await factory.Get<ChamaStore>().UpdateMemberAsync(
            demo.Chama.Id, demo.Samuel.Id, new NewMember(demo.Samuel.Name, Phones.Samuel, demo.Samuel.Seat, MemberRoles.Secretary), Actor.System("cli"));

        // Grace proposes that Patrick is no longer an officer; Diana's approval reaches the quorum and takes the role away.
        var changes = factory.Get<MemberChangeStore>();
        var proposed = await changes.ProposeAsync(demo.Grace, demo.Patrick.Id, MemberRoles.Member, null, "dashboard");
        Assert.Equal(MemberChangeOutcome.Made, (await changes.DecideAsync(demo.Diana, DecisionKind.Role, proposed.Change!.Id, Decision.Approve, null, "whatsapp")).Outcome);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, ""))).Status);
        Assert.Contains("This phone is not an officer of any chama now.", (await browser.GetAsync("/dashboard")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_of_two_chamas_chooses_between_them()
    {
        var demo = await Demo.LoadAsync(factory);
        var jirani = await factory.Get<ChamaStore>().CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)), Actor.System("test"));
        await factory.Get<ChamaStore>().AddMemberAsync(jirani.Id, new NewMember("Patrick Ochieng", Phones.Patrick, 1, MemberRoles.Secretary), Actor.System("test"));
        var browser = new DashboardClient(factory);

        var page = await browser.SignInAsync(Phones.Patrick);

        Assert.Equal("/dashboard", page.Path);
        Assert.Contains($"<a href=\"/dashboard/{demo.Chama.Id}\">Umoja Investment Club</a> (chair)", page.Text, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/dashboard/{jirani.Id}\">Jirani Welfare Group</a> (secretary)", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(DashboardLayout.Href(jirani.Id, "members"))).Status);
    }

    /// <summary>The page without its per-request antiforgery token.</summary>
    private static string Strip(string html) => System.Text.RegularExpressions.Regex.Replace(html, "value=\"[^\"]*\"", "value=\"\"");
}

public sealed class SqliteSignInTests() : SignInTests(Engine.Sqlite);

public sealed class PostgresSignInTests() : SignInTests(Engine.Postgres);
