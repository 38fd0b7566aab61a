using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Bot.Tests.Notifications;
using Chama.Core;
using Chama.Data.Ledger;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// The meeting sheet in a real (headless) Chromium at a phone's width: an officer types every member's amount; one row
/// that cannot be recorded brings the sheet back as typed with the row named and nothing written; corrected, every row
/// is recorded together. Photographed into <c>TestResults/screenshots/</c>.
/// </summary>
public sealed class MeetingSheetBrowserTests : IAsyncLifetime
{
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
        await patrick.ScreenshotAsync(new() { Path = Screenshot("sheet-typed"), FullPage = true });
        await patrick.GetByRole(AriaRole.Button, new() { Name = "Record all together" }).ClickAsync();

        await Expect(patrick.GetByRole(AriaRole.Alert)).ToContainTextAsync("Row 4 (seat 4, Samuel Kimani): Reference QKJ4HT8M03 is already used by another payment");
        await Expect(patrick.GetByLabel($"Amount from {demo.Grace.Name}")).ToHaveValueAsync("10,000");
        await Expect(patrick.GetByLabel($"Amount from {demo.Samuel.Name}")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(patrick.GetByLabel($"Note for {demo.Grace.Name}")).ToHaveValueAsync("brought to the meeting");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("sheet-refused"), FullPage = true });
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "recorded_payments", "1 = 1"));

        await patrick.GetByLabel($"Reference for {demo.Samuel.Name}").FillAsync("");
        await patrick.GetByRole(AriaRole.Button, new() { Name = "Record all together" }).ClickAsync();

        await Expect(patrick.GetByRole(AriaRole.Status)).ToHaveTextAsync("4 payments recorded together; each member is told with their reference.");
        await patrick.ScreenshotAsync(new() { Path = Screenshot("sheet-recorded"), FullPage = true });
        Assert.Equal(4, await DatabaseProbe.CountAsync(host, "recorded_payments", "method = 'Cash' AND channel = 'dashboard'"));
        Assert.Equal(Money.Kes(40_000), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);
        Assert.True(await patrick.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "The sheet scrolls sideways.");

        await patrick.GotoAsync(DashboardLayout.Href(demo.Chama.Id, PaymentPages.Path).TrimStart('/'));
        await Expect(patrick.Locator("tbody tr")).ToHaveCountAsync(4);
        await patrick.ScreenshotAsync(new() { Path = Screenshot("payments"), FullPage = true });
        Assert.Empty(pageErrors);
    }

    private async Task<IPage> SignInAsync(string phone)
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync("dashboard/sign-in");
        await page.GetByLabel("Your phone number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a code is on its way");
        await host.SendAsync();
        var message = twilio.Created.Last(r => r.Field("To") == $"whatsapp:{phone}");
        await page.GetByLabel("6-digit code").FillAsync(DashboardClient.Code().Match(message.Field("Body")!).Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"meeting-{name}.png");
    }
}
