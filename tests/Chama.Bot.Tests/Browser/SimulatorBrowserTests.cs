using System.Text.RegularExpressions;
using Chama.Bot.Demo;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// The simulator page in a real (headless) Chromium against the real host on Kestrel: a member pays a contribution the
/// way a person trying the bot would, and the ledger agrees with what the page shows.
/// </summary>
public sealed partial class SimulatorBrowserTests : IAsyncLifetime
{
    private const string Diana = "Diana Mwangi";
    private const string DianaPhone = "+254733000003";

    private readonly SimulatorHost host = new();
    private readonly List<string> pageErrors = [];
    private HeadlessChromium? chromium;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_member_pays_a_contribution_in_the_simulator_and_sees_the_receipt()
    {
        var simulator = await OpenSimulatorAsync();
        await simulator.ChatAsAsync(Diana, DianaPhone);

        var due = await simulator.SendWhatsAppAsync("1");
        Assert.Contains("Unadaiwa KES 10,000.", due, StringComparison.Ordinal);
        Assert.Contains("1. Lipa KES 10,000", due, StringComparison.Ordinal);

        var confirm = await simulator.SendWhatsAppAsync("1");
        Assert.Contains("Lipa KES 10,000 kwa Umoja Investment Club kwa mzunguko 1", confirm, StringComparison.Ordinal);
        Assert.Contains("1. Thibitisha", confirm, StringComparison.Ordinal);

        var started = await simulator.SendWhatsAppAsync("1");
        Assert.Contains("ombi la M-Pesa la KES 10,000", started, StringComparison.Ordinal);

        var receipt = await simulator.WaitForPushedAsync(ReceiptLine());
        Assert.Contains("Tumepokea KES 10,000 kutoka kwa Diana Mwangi", receipt, StringComparison.Ordinal);
        Assert.Matches(ReceiptLine(), receipt);
        await simulator.ScreenshotAsync(ArtifactPath("simulator-receipt.png"));
        Assert.True(await simulator.FitsTheWindowAsync(), "The simulator page scrolls sideways.");

        await AssertDianaPaidRoundOneAsync();
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task A_member_dials_the_ussd_code_in_the_simulator_and_pays_from_the_menu()
    {
        var simulator = await OpenSimulatorAsync();
        await simulator.ChatAsAsync(Diana, DianaPhone);

        var menu = await simulator.DialAsync("1. Lipa mchango");
        Assert.Contains("Umoja Investment Club", menu, StringComparison.Ordinal);
        Assert.DoesNotContain("CON", menu, StringComparison.Ordinal);
        await Expect(simulator.UssdReply).ToBeFocusedAsync(new() { Timeout = SimulatorPage.StepTimeoutMs });

        await simulator.AnswerUssdAsync("1", "1. Lipa KES 10,000");
        await simulator.AnswerUssdAsync("1", "1. Thibitisha");
        await simulator.AnswerUssdAsync("1", "Utapokea ombi la M-Pesa la KES 10,000");

        var receipt = await simulator.WaitForPushedAsync(ReceiptLine());
        Assert.Contains("Tumepokea KES 10,000 kutoka kwa Diana Mwangi", receipt, StringComparison.Ordinal);
        await simulator.ScreenshotAsync(ArtifactPath("simulator-ussd-receipt.png"));

        await AssertDianaPaidRoundOneAsync();
        Assert.Empty(pageErrors);
    }

    /// <summary>The receipt's M-Pesa number: 10 capitals and digits.</summary>
    [GeneratedRegex(@"risiti ya M-Pesa [A-Z0-9]{10},")]
    private static partial Regex ReceiptLine();

    private async Task<SimulatorPage> OpenSimulatorAsync()
    {
        host.Start();
        Assert.Equal("200", host.Services.GetRequiredService<IConfiguration>()["Mpesa:SimulatedDelayMs"]);
        chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(new()
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 800 },
        });
        page.PageError += (_, error) => pageErrors.Add(error);
        var simulator = new SimulatorPage(page);
        await simulator.OpenAsync();
        return simulator;
    }

    private async Task AssertDianaPaidRoundOneAsync()
    {
        var chamas = host.Services.GetRequiredService<ChamaStore>();
        var cycles = host.Services.GetRequiredService<CycleStore>();
        var chama = (await chamas.FindChamaByCodeAsync(DemoSeed.Code))!;
        var diana = (await chamas.GetMembersAsync(chama.Id)).Single(m => m.Phone.E164 == DianaPhone);
        var cycle = (await cycles.FindActiveCycleAsync(chama.Id))!;
        var roundOne = (await cycles.GetRoundsAsync(cycle.Id)).Single(r => r.Number == 1);

        var summary = await host.Services.GetRequiredService<ContributionLedger>().GetRoundSummaryAsync(roundOne.Id);

        Assert.Equal("Collected: KES 10,000 / 40,000", summary.CollectedLine);
        Assert.Equal(PaymentStatus.Paid, summary.For(diana.Id)!.Status);
    }

    private static string ArtifactPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
