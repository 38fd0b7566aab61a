using Microsoft.Playwright;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright. No browser is ever downloaded: the tests use the system package, which
/// <c>.ci/run</c> installs. Without it the browser tests fail (rather than skip), so a missing browser is never mistaken
/// for a pass.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"The browser tests need Debian's Chromium at {ExecutablePath}, which is missing. Install it with `sudo apt-get install -y chromium postgresql`, the README's one set-up command (.ci/run runs it).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
