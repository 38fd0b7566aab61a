using System.Text.RegularExpressions;
using Chama.Bot.Demo;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chama.Bot.Tests.Browser;

/// <summary>
/// The simulator page in a real (headless) Chromium against the real host on Kestrel: a member pays a contribution the
/// way a person trying the bot would, and the ledger agrees with what the page shows; the officers approve the first
/// pot by reply and it is paid.
/// </summary>
public sealed partial class SimulatorBrowserTests : IAsyncLifetime
{
    private const string Diana = "Diana Mwangi";
    private const string DianaPhone = "+254733000003";
    private const string Esther = "+254701200005";

    private readonly SimulatorHost host = new();
    private readonly List<string> pageErrors = [];
    private HeadlessChromium? chromium;
    private IPage? page;

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

    [Fact]
    public async Task The_demos_first_pot_is_paid_from_the_simulator_once_patrick_and_diana_approve_it()
    {
        var simulator = await OpenSimulatorAsync();
        foreach (var (name, phone) in Members)
        {
            await simulator.ChatAsAsync(name, phone);
            Assert.Contains("KES 10,000", await simulator.SendWhatsAppAsync("1"), StringComparison.Ordinal);
            await simulator.SendWhatsAppAsync("1");
            await simulator.SendWhatsAppAsync("1");
            Assert.Contains(name, await simulator.WaitForPushedAsync(AnyReceiptLine()), StringComparison.Ordinal);
        }

        // Grace, the treasurer, receives round 1: the chair and the secretary are the two officers who may approve it.
        var roundOne = await RoundOneAsync();
        var code = ApprovalSubject.CodeFor(ApprovalKind.Pot, roundOne.Id);
        await simulator.ChatAsAsync("Patrick Ochieng", "+254722000002");
        Assert.Contains($"You approved {code} (1 of 2).", await simulator.SendWhatsAppAsync($"APPROVE {code}"), StringComparison.Ordinal);
        await simulator.ChatAsAsync(Diana, DianaPhone);
        Assert.Contains($"Umeidhinisha {code} (2 kati ya 2). Imeidhinishwa kikamilifu na malipo yamepangwa.", await simulator.SendWhatsAppAsync($"IDHINISHA {code}"), StringComparison.Ordinal);

        // The payout worker sends the B2C to the local Daraja simulator, whose result callback settles it.
        var payouts = host.Services.GetRequiredService<DisbursementStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Disbursement? payout;
        while ((payout = (await payouts.ListForSubjectAsync(ApprovalKind.Pot, roundOne.Id)).LastOrDefault()) is not { Status: DisbursementStatus.Completed } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(payout);
        Assert.Equal(DisbursementStatus.Completed, payout.Status);
        Assert.Equal(Money.Kes(40_000), payout.Amount);
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task A_poll_still_in_flight_when_the_member_switches_shows_nothing_in_the_new_members_chat()
    {
        var simulator = await OpenSimulatorAsync();
        var heldPoll = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pollAfterRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = false;
        await page!.RouteAsync(new Regex(@"/simulator/api/messages\?.*after="), async route =>
        {
            if (heldPoll.TrySetResult(route))
            {
                return;
            }

            if (Volatile.Read(ref released))
            {
                pollAfterRelease.TrySetResult();
            }

            await route.ContinueAsync();
        });

        // The first poll is held at the network while the person switches to Diana, then answers with a message meant
        // for the member it was sent for.
        var stale = await heldPoll.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await simulator.ChatAsAsync(Diana, DianaPhone);
        await stale.FulfillAsync(new() { ContentType = "application/json", Body = "[{\"id\": 999999, \"body\": \"For the previous member\"}]" });
        Volatile.Write(ref released, true);

        // A later poll has begun, so the held one has been handled: its message must not be in Diana's chat.
        await pollAfterRelease.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Expect(page.Locator("#log .bubble")).ToHaveCountAsync(0);
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task A_new_number_founds_a_chama_by_chat_and_its_invitee_sees_the_invitation_and_joins()
    {
        var simulator = await OpenSimulatorAsync();
        var founder = await simulator.NewNumberAsync();

        Assert.StartsWith("New chama. What is your chama's name?", await simulator.SendWhatsAppAsync("NEW CHAMA"), StringComparison.Ordinal);
        foreach (var answer in new[] { "Jirani Savers", "JIRANI", "5000", "3", "TODAY", "Achieng Otieno", "1", "OK" })
        {
            await simulator.SendWhatsAppAsync(answer);
        }

        Assert.StartsWith("Jirani Savers (JIRANI) is started. You are its chair, on seat 1.", await simulator.SendWhatsAppAsync("YES"), StringComparison.Ordinal);
        Assert.StartsWith("Invitation sent to +2547******05 for seat 2.", await simulator.SendWhatsAppAsync("INVITE 0701200005 2 Esther Njeri"), StringComparison.Ordinal);

        // The list shows the founder as the chair and the invitee as invited, until she answers.
        await simulator.OpenAsync(people: 6);
        var people = await simulator.PeopleAsync();
        Assert.Contains("Achieng Otieno (Jirani Savers, seat 1, officer)", people);
        Assert.Contains("Esther Njeri (invited to Jirani Savers, seat 2)", people);

        await simulator.ChatAsNumberAsync("0701 200 005", Esther);
        var invitation = await simulator.WaitForPushedAsync(InvitationLine());
        Assert.StartsWith("Hello! Achieng Otieno invites you to join Jirani Savers on Chama.Bot, on seat 2.", invitation, StringComparison.Ordinal);
        Assert.StartsWith("Welcome to Jirani Savers: you are the member on seat 2.", await simulator.SendWhatsAppAsync("JOIN JIRANI"), StringComparison.Ordinal);

        await simulator.ChatAsAsync("Achieng Otieno", founder);
        Assert.Contains("accepted your invitation and is now Esther Njeri, the member on seat 2", await simulator.WaitForPushedAsync(AcceptedLine()), StringComparison.Ordinal);
        var chama = (await host.Services.GetRequiredService<ChamaStore>().FindChamaByCodeAsync("JIRANI"))!;
        var members = await host.Services.GetRequiredService<ChamaStore>().GetMembersAsync(chama.Id);
        Assert.Equal([(1, founder, MemberRoles.Chair), (2, Esther, MemberRoles.Member)], members.OrderBy(m => m.Seat).Select(m => (m.Seat, m.Phone.E164, m.Roles)));
        Assert.Empty(pageErrors);
    }

    [GeneratedRegex("invites you to join Jirani Savers")]
    private static partial Regex InvitationLine();

    [GeneratedRegex("accepted your invitation")]
    private static partial Regex AcceptedLine();

    /// <summary>The demo's members in seat order, as the simulator lists them.</summary>
    private static readonly (string Name, string Phone)[] Members =
    [
        ("Grace Wanjiku", "+254712000001"),
        ("Patrick Ochieng", "+254722000002"),
        (Diana, DianaPhone),
        ("Samuel Kimani", "+254711000004"),
    ];

    /// <summary>A receipt's M-Pesa number in English or Swahili.</summary>
    [GeneratedRegex(@"M-Pesa (receipt )?[A-Z0-9]{10},")]
    private static partial Regex AnyReceiptLine();

    private async Task<Round> RoundOneAsync()
    {
        var chama = (await host.Services.GetRequiredService<ChamaStore>().FindChamaByCodeAsync(DemoSeed.Code))!;
        var cycles = host.Services.GetRequiredService<CycleStore>();
        var cycle = (await cycles.FindActiveCycleAsync(chama.Id))!;
        return (await cycles.GetRoundsAsync(cycle.Id)).Single(r => r.Number == 1);
    }

    /// <summary>The receipt's M-Pesa number: 10 capitals and digits.</summary>
    [GeneratedRegex(@"risiti ya M-Pesa [A-Z0-9]{10},")]
    private static partial Regex ReceiptLine();

    private async Task<SimulatorPage> OpenSimulatorAsync()
    {
        host.Start();
        Assert.Equal("200", host.Services.GetRequiredService<IConfiguration>()["Mpesa:SimulatedDelayMs"]);
        chromium = await HeadlessChromium.LaunchAsync();
        page = await chromium.Browser.NewPageAsync(new()
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
