using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chama.Bot.Tests.Browser;

/// <summary>The simulator page as a person uses it: pick a member, chat in the WhatsApp pane, dial in the USSD pane.</summary>
public sealed class SimulatorPage(IPage page)
{
    /// <summary>The longest any single step may take (a reply, a screen, a pushed receipt).</summary>
    public const float StepTimeoutMs = 10_000;

    private ILocator Replies => page.Locator("#log .bubble.bot:not(.pushed)");

    private ILocator Pushed => page.Locator("#log .bubble.pushed");

    private ILocator Screen => page.Locator("#screen");

    /// <summary>The USSD pane's reply box, found by its label as a screen reader would.</summary>
    public ILocator UssdReply => page.GetByLabel("USSD reply", new() { Exact = true });

    /// <summary>Opens (or reloads) the page and waits for its "Chat as" list to hold <paramref name="people"/> entries.</summary>
    public async Task OpenAsync(int people = 4)
    {
        page.SetDefaultTimeout(StepTimeoutMs);
        await page.GotoAsync("simulator");
        await Expect(page.Locator("#member option")).ToHaveCountAsync(people, new() { Timeout = StepTimeoutMs });
    }

    /// <summary>The "Chat as" list's entries as shown.</summary>
    public Task<IReadOnlyList<string>> PeopleAsync() => page.Locator("#member option").AllTextContentsAsync();

    /// <summary>Chooses the member by visible name in the "Chat as" select and waits for the page to switch to them.</summary>
    public async Task ChatAsAsync(string name, string phone)
    {
        await page.GetByLabel("Chat as").SelectOptionAsync(new SelectOptionValue { Label = await OptionLabelAsync(name) });
        await ChatShownAsync(phone);
    }

    /// <summary>Presses "New number" and returns the number in no chama the page now chats as.</summary>
    public async Task<string> NewNumberAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New number", Exact = true }).ClickAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync(new Regex(@"^Phone: \+254700\d{6}$"), new() { Timeout = StepTimeoutMs });
        var phone = (await page.Locator("#who").InnerTextAsync())["Phone: ".Length..];
        await ChatShownAsync(phone);
        return phone;
    }

    /// <summary>Types a number into the "another number" form, as a person chatting as an invitee does, and waits for its chat.</summary>
    public async Task ChatAsNumberAsync(string typed, string phone)
    {
        var form = page.Locator("#other");
        await form.GetByLabel("Another number").FillAsync(typed);
        await form.GetByRole(AriaRole.Button, new() { Name = "Chat as" }).ClickAsync();
        await ChatShownAsync(phone);
    }

    /// <summary>Types a WhatsApp message, sends it with Enter and returns the bot's reply bubble's text.</summary>
    public async Task<string> SendWhatsAppAsync(string text)
    {
        var before = await Replies.CountAsync();
        var input = page.GetByLabel("Message", new() { Exact = true });
        await input.FillAsync(text);
        await input.PressAsync("Enter");
        await Expect(Replies).ToHaveCountAsync(before + 1, new() { Timeout = StepTimeoutMs });
        return await Replies.Nth(before).InnerTextAsync();
    }

    /// <summary>Waits for a message the bot sends first (shown as a pushed bubble) matching the pattern, and returns it.</summary>
    public async Task<string> WaitForPushedAsync(Regex pattern)
    {
        var match = Pushed.Filter(new() { HasTextRegex = pattern });
        await Expect(match).ToHaveCountAsync(1, new() { Timeout = StepTimeoutMs });
        return await match.InnerTextAsync();
    }

    /// <summary>Presses Dial and returns the first USSD screen once it shows the expected text.</summary>
    public async Task<string> DialAsync(string expected)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Dial") }).ClickAsync();
        return await ScreenShowingAsync(expected);
    }

    /// <summary>Types a USSD reply, sends it and returns the next screen once it shows the expected text.</summary>
    public async Task<string> AnswerUssdAsync(string reply, string expected)
    {
        var input = UssdReply;
        await input.FillAsync(reply);
        await input.PressAsync("Enter");
        return await ScreenShowingAsync(expected);
    }

    /// <summary>True when nothing sticks out sideways (no horizontal scrolling at the current viewport).</summary>
    public Task<bool> FitsTheWindowAsync() =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    /// <summary>Waits until the page shows this phone's chat, with what the bot had already sent it.</summary>
    private async Task ChatShownAsync(string phone)
    {
        await Expect(page.Locator("#who")).ToHaveTextAsync($"Phone: {phone}", new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator($"#log[data-phone='{phone}']")).ToHaveCountAsync(1, new() { Timeout = StepTimeoutMs });
    }

    private async Task<string> ScreenShowingAsync(string expected)
    {
        await Expect(Screen).ToContainTextAsync(expected, new() { Timeout = StepTimeoutMs });
        return await Screen.InnerTextAsync();
    }

    private async Task<string> OptionLabelAsync(string name)
    {
        var option = page.Locator("#member option").Filter(new() { HasText = name });
        await Expect(option).ToHaveCountAsync(1, new() { Timeout = StepTimeoutMs });
        return (await option.TextContentAsync())!;
    }
}
