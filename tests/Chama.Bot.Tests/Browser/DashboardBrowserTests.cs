using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Bot.Tests.Notifications;
using Chama.Bot.Tests.Reports;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// The officers' dashboard in a real (headless) Chromium against the host on Kestrel, its outbox sending to a fake Twilio:
/// officers sign in with the code that reached Twilio, two of them approve a full pot, and one downloads a report. Every page is photographed,
/// at a phone's width, into <c>TestResults/screenshots/</c> beside the test assembly.
/// </summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private const string EstherPhone = "+254700000005";

    private readonly List<string> pageErrors = [];
    private FakeTwilio twilio = null!;
    private NotifyHost host = null!;
    private HeadlessChromium chromium = null!;
    private Uri address = null!;

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilio.StartAsync();
        host = new NotifyHost(twilio);
        address = host.StartOnKestrel();
        chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        await host.DisposeAsync();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task Two_officers_sign_in_with_the_code_from_twilio_and_approve_a_full_pot()
    {
        var demo = await Demo.LoadAsync(host);
        await host.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", EstherPhone, 5, MemberRoles.Secretary), Actor.System("test"));
        await demo.FillRoundOneAsync(host);
        var code = $"P{demo.Rounds[0].Id}";

        var patrick = await SignInAsync(Phones.Patrick);
        await Expect(patrick.Locator("h1")).ToHaveTextAsync("Current round");
        foreach (var (path, title) in DashboardLayout.Pages)
        {
            await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, path).TrimStart('/'));
            await Expect(patrick.Locator("h1")).ToHaveTextAsync(title);
            await AssertReadableAsync(patrick, title);
            await patrick.ScreenshotAsync(new() { Path = Screenshot(path.Length == 0 ? "round" : path), FullPage = true });
        }

        await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, "approvals").TrimStart('/'));
        await patrick.GetByRole(AriaRole.Button, new() { Name = $"Approve {code}" }).ClickAsync();
        await Expect(patrick.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Your approval of {code} is recorded (1 of 2).");
        await Expect(patrick.Locator("section").First).ToContainTextAsync("1 of 2");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("approvals-after-first"), FullPage = true });

        var esther = await SignInAsync(EstherPhone);
        await esther.GotoAsync(DashboardLayout.Href(demo.Chama.Id, "approvals").TrimStart('/'));
        await esther.GetByRole(AriaRole.Button, new() { Name = $"Approve {code}" }).ClickAsync();
        await Expect(esther.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Your approval of {code} is recorded and it has its quorum: the payout is queued.");
        await Expect(esther.Locator("main")).ToContainTextAsync("Nothing is waiting for approval.");
        await esther.ScreenshotAsync(new() { Path = Screenshot("approvals-complete"), FullPage = true });

        var payout = Assert.Single(await host.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));
        Assert.Equal((Money.Kes(40_000), demo.Grace.ReceivePhone), (payout.Amount, payout.ReceivePhone));
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task An_officer_opens_a_members_statement_from_the_members_page_and_prints_it_to_PDF_without_navigation()
    {
        var demo = await Demo.LoadAsync(host);
        await demo.PayAsync(host, demo.Samuel, 15_000, "CASH-2026-001");

        var patrick = await SignInAsync(Phones.Patrick);
        await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, "members").TrimStart('/'));
        await patrick.GetByRole(AriaRole.Link, new() { Name = "Statement of Samuel Kimani" }).ClickAsync();
        await Expect(patrick.Locator("h2")).ToHaveTextAsync("Statement of Samuel Kimani (seat 4), cycle 1");
        await AssertReadableAsync(patrick, "Statement");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("statement"), FullPage = true });

        // Printed, even the page with navigation shows only the statement.
        await patrick.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(patrick.Locator("header")).ToBeHiddenAsync();
        await Expect(patrick.Locator("table")).ToBeVisibleAsync();
        await patrick.EmulateMediaAsync(new() { Media = Media.Screen });

        await patrick.GetByRole(AriaRole.Link, new() { Name = "Printable statement" }).ClickAsync();
        await Expect(patrick.Locator("nav")).ToHaveCountAsync(0);
        await Expect(patrick.Locator("td", new() { HasText = "CASH-2026-001" })).ToHaveCountAsync(3);
        var pdf = await patrick.PdfAsync(new() { Path = Path.Combine(Path.GetDirectoryName(Screenshot("statement"))!, "dashboard-statement.pdf"), Format = "A4" });

        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task An_officer_downloads_the_contributions_report_and_its_rows_are_the_ledger()
    {
        var demo = await Demo.LoadAsync(host);
        await demo.FillRoundOneAsync(host);
        await demo.PayAsync(host, demo.Samuel, 2_500, "QKJ4HT8M05", round: 2);

        var patrick = await SignInAsync(Phones.Patrick);
        await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, "reports").TrimStart('/'));
        var download = await patrick.RunAndWaitForDownloadAsync(() => patrick.GetByRole(AriaRole.Link, new() { Name = "Download contributions" }).ClickAsync());
        var saved = Path.Combine(host.Folder, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        var written = WrittenReport.Read(await File.ReadAllBytesAsync(saved));

        Assert.Equal("umoja-contributions-2026-01-10.csv", download.SuggestedFilename);
        var pot = new { ChamaId = demo.Chama.Id };
        Assert.Equal(await DatabaseProbe.ScalarAsync<long>(host, "SELECT COUNT(*) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Pot';", pot), written.Rows.Count);
        Assert.Equal(await DatabaseProbe.ScalarAsync<long>(host, "SELECT SUM(amount_minor) FROM contributions WHERE chama_id = @ChamaId AND fund = 'Pot';", pot), written.SumMinor("Amount"));
        Assert.Equal(["QKJ4HT8M01", "QKJ4HT8M02", "QKJ4HT8M03", "QKJ4HT8M04", "QKJ4HT8M05"], written.Rows.Select(r => r["M-Pesa receipt"]));
        Assert.Equal(("Samuel Kimani", "2", "2500.00"), (written.Rows[^1]["Member"], written.Rows[^1]["Round"], written.Rows[^1]["Amount"]));
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task The_sign_in_page_works_from_the_keyboard_alone()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("dashboard/sign-in");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Your phone number")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("0722 000 002");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a code is on its way");
        await page.ScreenshotAsync(new() { Path = Screenshot("sign-in-code"), FullPage = true });

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#code")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(await CodeFromTwilioAsync(Phones.Patrick));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Current round");
        Assert.Empty(pageErrors);
    }

    /// <summary>One bad row of the meeting sheet brings it back as typed with the row named and nothing written; corrected, every row is recorded together.</summary>
    [Fact]
    public async Task An_officer_fills_the_meeting_sheet_one_bad_row_writes_nothing_and_corrected_it_records_every_row()
    {
        var demo = await Demo.LoadAsync(host);
        await demo.PayAsync(host, demo.Diana, 1_000, "QKJ4HT8M03");
        var patrick = await SignInAsync(Phones.Patrick);
        await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, MeetingSheetPages.Path).TrimStart('/'));
        await Expect(patrick.Locator("h2")).ToHaveTextAsync("Meeting sheet");

        foreach (var member in demo.Members)
        {
            await patrick.GetByLabel($"Amount from {member.Name}").FillAsync("10,000");
        }

        // Samuel's money came by M-Pesa, but the receipt typed is Diana's, already in the ledger.
        await patrick.GetByLabel($"Reference for {demo.Samuel.Name}").FillAsync("QKJ4HT8M03");
        await patrick.GetByLabel($"Note for {demo.Grace.Name}").FillAsync("brought to the meeting");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("meeting-sheet-typed"), FullPage = true });
        await patrick.GetByRole(AriaRole.Button, new() { Name = "Record all together" }).ClickAsync();

        await Expect(patrick.GetByRole(AriaRole.Alert)).ToContainTextAsync("Row 4 (seat 4, Samuel Kimani): Reference QKJ4HT8M03 is already used by another payment");
        await Expect(patrick.GetByLabel($"Amount from {demo.Grace.Name}")).ToHaveValueAsync("10,000");
        await Expect(patrick.GetByLabel($"Amount from {demo.Samuel.Name}")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(patrick.GetByLabel($"Note for {demo.Grace.Name}")).ToHaveValueAsync("brought to the meeting");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("meeting-sheet-refused"), FullPage = true });
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "recorded_payments", "1 = 1"));

        await patrick.GetByLabel($"Reference for {demo.Samuel.Name}").FillAsync("");
        await patrick.GetByRole(AriaRole.Button, new() { Name = "Record all together" }).ClickAsync();

        await Expect(patrick.GetByRole(AriaRole.Status)).ToHaveTextAsync("4 payments recorded together; each member is told with their reference.");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("meeting-sheet-recorded"), FullPage = true });
        Assert.Equal(4, await DatabaseProbe.CountAsync(host, "recorded_payments", "method = 'Cash' AND channel = 'dashboard'"));
        Assert.Equal(Money.Kes(40_000), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
        Assert.True(await patrick.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "The sheet scrolls sideways.");

        await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, PaymentPages.Path).TrimStart('/'));
        await Expect(patrick.Locator("tbody tr")).ToHaveCountAsync(4);
        await patrick.ScreenshotAsync(new() { Path = Screenshot("meeting-payments"), FullPage = true });
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task A_new_founder_signs_up_with_the_code_from_twilio_and_founds_a_chama_one_form_at_a_time()
    {
        const string founder = "+254701000031";
        var page = await NewPageAsync();
        await page.GotoAsync("dashboard/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Starting a new chama? Sign up here." }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Start a chama");
        await AssertReadableAsync(page, "Sign-up");
        await page.GetByLabel("Your phone number").FillAsync(founder);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("A code is on its way");
        await page.GetByLabel("6-digit code").FillAsync(await CodeFromTwilioAsync(founder));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Start a new chama" }).ClickAsync();
        await page.GetByLabel("Language of the set-up").SelectOptionAsync("En");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start setting up a chama" }).ClickAsync();
        await AnswerAsync(page, "The chama's name", "Jirani Savings", "Step 2 of 9");
        await AnswerAsync(page, "A short code", "jirani", "Step 3 of 9");
        await AnswerAsync(page, "Each member's contribution", "500", "Step 4 of 9");
        await page.GetByLabel("How often you meet").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await AnswerAsync(page, "The first meeting", "2026-01-31", "Step 6 of 9");
        await AnswerAsync(page, "Your own name", "Wanjiru Achieng", "Step 7 of 9");
        await AnswerAsync(page, "Your seat in the rotation", "1", "Step 8 of 9");
        await AnswerAsync(page, "The chama's rules", "3 200", "Step 8 of 9");
        await Expect(page.Locator("main")).ToContainTextAsync("late fine KES 200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep these rules" }).ClickAsync();
        await Expect(page.Locator("h2")).ToHaveTextAsync("Step 9 of 9");
        await AssertReadableAsync(page, "Founding summary");
        await page.ScreenshotAsync(new() { Path = Screenshot("founding-summary"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Found the chama" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Jirani Savings (JIRANI) is started, and you are its chair.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open Jirani Savings" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Current round");
        var chama = (await host.Get<ChamaStore>().FindChamaByCodeAsync("JIRANI"))!;
        Assert.Equal(MeetingFrequency.Weekly, chama.Constitution.Frequency);
        Assert.Equal(MemberRoles.Chair, Assert.Single(await host.Get<ChamaStore>().GetMembersAsync(chama.Id)).Roles);
        Assert.Empty(pageErrors);
    }

    /// <summary>Fills one step's field, found by its label, checks the page reads well at 360 px, and goes on.</summary>
    private static async Task AnswerAsync(IPage page, string label, string answer, string next)
    {
        await AssertReadableAsync(page, label);
        await page.GetByLabel(label).FillAsync(answer);
        await page.GetByLabel(label).PressAsync("Enter");
        await Expect(page.Locator("h2")).ToHaveTextAsync(next);
    }

    private async Task<IPage> SignInAsync(string phone)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("dashboard/sign-in");
        await page.ScreenshotAsync(new() { Path = Screenshot("sign-in"), FullPage = true });
        await page.GetByLabel("Your phone number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a code is on its way");
        await page.GetByLabel("6-digit code").FillAsync(await CodeFromTwilioAsync(phone));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    /// <summary>Runs the outbox sender once and reads the code out of the WhatsApp message Twilio was given.</summary>
    private async Task<string> CodeFromTwilioAsync(string phone)
    {
        await host.SendAsync();
        var message = twilio.Created.Last(r => r.Field("To") == $"whatsapp:{phone}");
        return DashboardClient.Code().Match(message.Field("Body")!).Value;
    }

    /// <summary>A fresh browser session (its own cookies) at a phone's width.</summary>
    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => pageErrors.Add(error);
        return page;
    }

    /// <summary>No sideways scrolling at 360 px, and every field has a label.</summary>
    private static async Task AssertReadableAsync(IPage page, string title)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), $"{title} scrolls sideways.");
        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter(e => e.labels.length === 0).map(e => e.name)");
        Assert.True(unlabelled.Length == 0, $"{title} has fields without a label: {string.Join(", ", unlabelled)}");
    }

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"dashboard-{name}.png");
    }
}
