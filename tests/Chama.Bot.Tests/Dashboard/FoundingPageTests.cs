using System.Net;
using Chama.Bot.Dashboard;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>
/// Founding a chama on the web: a phone in no chama signs up with a one-time code, answers one form per step of the same
/// set-up the chat runs, and lands on its new chama's dashboard as its chair. The host's clock reads 10 January 2026.
/// </summary>
public abstract class FoundingPageTests(Engine engine) : IDisposable
{
    private const string Founder = "+254701000021";

    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_phone_in_no_chama_signs_up_with_a_code_and_founds_its_chama_step_by_step()
    {
        var browser = await SignedUpAsync();
        Assert.Contains("Start setting up a chama", (await browser.GetAsync("/dashboard/new-chama")).Text, StringComparison.Ordinal);
        await browser.PostAsync("/dashboard/new-chama/start", new Dictionary<string, string> { ["language"] = "En" });

        await AnswerAsync(browser, "name", "Jirani Savings", "Step 2 of 9");
        await AnswerAsync(browser, "code", "jirani", "Step 3 of 9");
        await AnswerAsync(browser, "contribution", "500", "Step 4 of 9");
        await AnswerAsync(browser, "frequency", "3", "Step 5 of 9");
        await AnswerAsync(browser, "first_meeting", "2026-01-31", "Step 6 of 9");
        await AnswerAsync(browser, "founder_name", "Wanjiru Achieng", "Step 7 of 9");
        var rules = await AnswerAsync(browser, "seat", "1", "Step 8 of 9");
        Assert.Contains("Jirani Savings constitution:", rules.Text, StringComparison.Ordinal);
        var changed = await AnswerAsync(browser, "rules", "3 200", "Step 8 of 9");
        Assert.Contains("KES 200", changed.Text, StringComparison.Ordinal);
        var summary = await AnswerAsync(browser, "rules", "YES", "Step 9 of 9");
        Assert.Contains("<dd>JIRANI</dd>", summary.Html, StringComparison.Ordinal);

        var founded = await browser.PostAsync("/dashboard/new-chama/found", new Dictionary<string, string>());

        Assert.Contains("Jirani Savings (JIRANI) is started, and you are its chair.", founded.Text, StringComparison.Ordinal);
        var chama = (await factory.Get<ChamaStore>().FindChamaByCodeAsync("JIRANI"))!;
        Assert.Equal(new DateOnly(2026, 1, 31), chama.FirstMeeting);
        Assert.Equal(Money.Kes(200), chama.Constitution.LateFine);
        var chair = Assert.Single(await factory.Get<ChamaStore>().GetMembersAsync(chama.Id));
        Assert.Equal(("Wanjiru Achieng", Founder, MemberRoles.Chair), (chair.Name, chair.Phone.E164, chair.Roles));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(DashboardLayout.Href(chama.Id, ""))).Status);
    }

    [Fact]
    public async Task A_wrong_answer_is_shown_with_what_was_wrong_and_the_step_does_not_move()
    {
        var browser = await SignedUpAsync();
        await browser.GetAsync("/dashboard/new-chama");
        await browser.PostAsync("/dashboard/new-chama/start", new Dictionary<string, string> { ["language"] = "En" });
        await AnswerAsync(browser, "name", "Jirani Savings", "Step 2 of 9");

        var refused = await browser.PostAsync("/dashboard/new-chama", new Dictionary<string, string> { ["step"] = "code", ["answer"] = "9X" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("A code is 3 to 8 letters and digits, starting with a letter.", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Step 2 of 9", (await browser.GetAsync("/dashboard/new-chama")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_sent_again_after_its_step_was_answered_changes_nothing()
    {
        var browser = await SignedUpAsync();
        await browser.GetAsync("/dashboard/new-chama");
        await browser.PostAsync("/dashboard/new-chama/start", new Dictionary<string, string> { ["language"] = "En" });
        await AnswerAsync(browser, "name", "Jirani Savings", "Step 2 of 9");

        var again = await browser.PostAsync("/dashboard/new-chama", new Dictionary<string, string> { ["step"] = "name", ["answer"] = "Another Name" });

        Assert.Contains("That step was already answered", again.Text, StringComparison.Ordinal);
        Assert.Contains("<dd>Jirani Savings</dd>", again.Html, StringComparison.Ordinal);
        Assert.Contains("Step 2 of 9", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Founding_clicked_twice_founds_one_chama()
    {
        var browser = await SignedUpAsync();
        await ReachSummaryAsync(browser);

        await browser.PostAsync("/dashboard/new-chama/found", new Dictionary<string, string>());
        var twice = await browser.PostAsync("/dashboard/new-chama/found", new Dictionary<string, string>());

        Assert.Contains("Jirani Savings (JIRANI) is started", twice.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "chamas", "code = 'JIRANI'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'chama.founded'"));
    }

    [Fact]
    public async Task A_set_up_begun_by_message_is_finished_on_the_web()
    {
        var chat = new Channels(factory.CreateClient());
        await chat.WhatsAppAsync(Founder, "NEW CHAMA");
        await chat.WhatsAppAsync(Founder, "Jirani Savings");

        var browser = await SignedUpAsync();
        var page = await browser.GetAsync("/dashboard/new-chama");

        Assert.Contains("Step 2 of 9", page.Text, StringComparison.Ordinal);
        Assert.Contains("<dd>Jirani Savings</dd>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_self_service_the_sign_up_sends_no_code()
    {
        using var closed = new BotFactory(engine).With("Onboarding:Open", "false");
        var browser = new DashboardClient(closed);

        var page = await browser.GetAsync("/dashboard/sign-up");
        await browser.PostAsync("/dashboard/sign-up", new Dictionary<string, string> { ["phone"] = Founder });

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("ask the operator of this service to create yours", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, await DatabaseProbe.CountAsync(closed, "sign_in_codes"));
    }

    [Fact]
    public async Task A_founders_code_opens_no_chamas_pages()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = await SignedUpAsync();

        var umoja = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, ""));

        Assert.DoesNotContain("Umoja", umoja.Text, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, umoja.Status);
    }

    private async Task<DashboardClient> SignedUpAsync()
    {
        var browser = new DashboardClient(factory);
        await browser.GetAsync("/dashboard/sign-up");
        var sent = await browser.PostAsync("/dashboard/sign-up", new Dictionary<string, string> { ["phone"] = "0701 000 021" });
        Assert.Contains("A code is on its way", sent.Text, StringComparison.Ordinal);
        await browser.EnterCodeAsync(Founder, await DashboardClient.CodeSentToAsync(factory, Founder));
        return browser;
    }

    private async Task ReachSummaryAsync(DashboardClient browser)
    {
        await browser.GetAsync("/dashboard/new-chama");
        await browser.PostAsync("/dashboard/new-chama/start", new Dictionary<string, string> { ["language"] = "En" });
        foreach (var (step, answer) in new[] { ("name", "Jirani Savings"), ("code", "JIRANI"), ("contribution", "500"), ("frequency", "3"), ("first_meeting", "2026-01-31"), ("founder_name", "Wanjiru Achieng"), ("seat", "1"), ("rules", "YES") })
        {
            await browser.PostAsync("/dashboard/new-chama", new Dictionary<string, string> { ["step"] = step, ["answer"] = answer });
        }
    }

    private static async Task<DashboardPage> AnswerAsync(DashboardClient browser, string step, string answer, string next)
    {
        var page = await browser.PostAsync("/dashboard/new-chama", new Dictionary<string, string> { ["step"] = step, ["answer"] = answer });
        Assert.True(page.Text.Contains(next, StringComparison.Ordinal), $"After {step}: {page.Text}");
        return page;
    }
}

public sealed class SqliteFoundingPageTests() : FoundingPageTests(Engine.Sqlite);

public sealed class PostgresFoundingPageTests() : FoundingPageTests(Engine.Postgres);
