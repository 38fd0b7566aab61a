using System.Text;
using Chama.Bot.Cli;
using Chama.Bot.Payments;
using Chama.Bot.Reports;
using Chama.Bot.Tests.Dashboard;
using Chama.Bot.Tests.Mpesa;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Mpesa;
using Chama.Mpesa.Client;
using Chama.Mpesa.Simulator;
using Chama.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chama.Bot.Tests;

/// <summary>
/// A chama of Kenyans abroad, set up from the command line in pounds, with members in London, Dallas and Nairobi, run
/// through the real HTTP pipeline beside the demo's shillings chama and a Daraja simulator that must hear nothing of it.
/// </summary>
public abstract class DiasporaChamaTests(Engine engine, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string London = "+447911123456";
    private const string Dallas = "+12147483647";
    private const string Nairobi = "+254722111222";

    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private ChamaGroup chama = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        channels = new Channels(host.CreateClient());
        await Demo.LoadAsync(host);

        await CliAsync("chama", "create", "--name", "London Diaspora Club", "--code", "LONDON", "--currency", "gbp", "--contribution", "50", "--fine", "5");
        await CliAsync("member", "add", "--chama", "LONDON", "--name", "Achieng Otieno", "--phone", "+44 7911 123456", "--seat", "1", "--role", "treasurer");
        await CliAsync("member", "add", "--chama", "LONDON", "--name", "Brian Mutua", "--phone", "+1 (214) 748-3647", "--seat", "2", "--role", "chair");
        await CliAsync("member", "add", "--chama", "LONDON", "--name", "Wanjiru Kamau", "--phone", "0722 111 222", "--seat", "3", "--role", "secretary", "--language", "sw");
        chama = await StartCycleAsync("LONDON");
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_pound_chama_set_up_from_the_command_line_keeps_its_books_and_its_members_phones_as_given()
    {
        Assert.Equal("GBP", chama.Currency);
        Assert.Equal(Money.Major(50, "GBP"), chama.Constitution.ContributionAmount);
        Assert.Equal(new Money(500, "GBP"), chama.Constitution.LateFine);
        var members = await host.Get<ChamaStore>().GetMembersAsync(chama.Id);
        Assert.Equal([London, Dallas, Nairobi], members.Select(m => m.Phone.E164));
        Assert.Equal(Money.Major(150, "GBP"), (await RoundsAsync(chama))[0].ExpectedPot);
    }

    [Fact]
    public async Task Members_texting_from_London_Dallas_and_Nairobi_read_their_balance_in_pounds()
    {
        var london = await channels.WhatsAppAsync(London, "BALANCE");
        var dallas = await channels.WhatsAppAsync(Dallas, "BALANCE");
        var nairobi = await channels.WhatsAppAsync(Nairobi, "SALIO");

        Assert.StartsWith("London Diaspora Club, cycle 1", london);
        Assert.Contains("Due now: GBP 50.00 (round 1)", london);
        Assert.Contains("Due now: GBP 50.00 (round 1)", dallas);
        Assert.Contains("Deni sasa: GBP 50.00 (mzunguko 1)", nairobi);
        Assert.All(new[] { london, dallas, nairobi }, AssertNoShillings);
    }

    [Fact]
    public async Task Paying_in_a_pound_chama_sends_members_to_the_treasurer_and_nothing_to_M_Pesa()
    {
        var london = await channels.WhatsAppAsync(London, "PAY");
        var nairobi = await channels.WhatsAppAsync(Nairobi, "LIPA");
        var menu = await channels.WhatsAppAsync(Dallas, "1");
        var ussd = await channels.UssdAsync("ATUid_diaspora", Nairobi, "1");

        Assert.StartsWith(
            "London Diaspora Club is kept in GBP: M-Pesa cannot take it. Pay the treasurer (Achieng Otieno); an officer records it and you get a receipt.",
            london);
        Assert.StartsWith("London Diaspora Club kinatumia GBP: M-Pesa haiwezi kuipokea. Lipa kwa mweka hazina (Achieng Otieno)", nairobi);
        Assert.Contains("M-Pesa cannot take it", menu);
        Assert.StartsWith("END London Diaspora Club kinatumia GBP", ussd);
        Assert.Empty(daraja.StkPushes);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "payment_requests"));
    }

    [Fact]
    public async Task A_shillings_chama_member_on_a_number_abroad_is_sent_to_the_treasurer_and_nothing_to_M_Pesa()
    {
        await CliAsync("member", "add", "--chama", "UMOJA", "--name", "Otieno Abroad", "--phone", "+44 7911 123457", "--seat", "5");

        var answer = await channels.WhatsAppAsync("+447911123457", "PAY");

        Assert.StartsWith("M-Pesa reaches Kenyan (+254) numbers only. Pay the treasurer (Grace Wanjiku)", answer);
        Assert.Empty(daraja.StkPushes);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "payment_requests"));
    }

    [Fact]
    public async Task A_pound_pot_is_approved_by_the_quorum_but_never_sent_by_M_Pesa()
    {
        var round = await FillRoundOneAsync();

        Assert.Contains("(1 of 2)", await channels.WhatsAppAsync(Dallas, $"APPROVE P{round.Id}"));
        Assert.Contains("(2 kati ya 2)", await channels.WhatsAppAsync(Nairobi, $"IDHINISHA P{round.Id}"));
        await host.Services.GetServices<IHostedService>().OfType<PayoutDispatcher>().Single().RunOnceAsync(CancellationToken.None);

        Assert.Empty(daraja.Payouts);
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "disbursements", $"chama_id = {chama.Id} AND currency = 'GBP' AND amount_minor = 15000 AND receive_phone = '{London}'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "disbursement_events"));
    }

    [Fact]
    public async Task A_pound_chama_pays_in_and_pays_out_entirely_by_hand_and_its_statements_and_reports_read_in_pounds()
    {
        var round = (await RoundsAsync(chama))[0];
        var code = $"P{round.Id}";

        // Every member pays round 1 to an officer; the officers record it by reply.
        var recorded = await channels.WhatsAppAsync(London, "RECORD 2 50 BANK FT2601 standing order");
        await channels.WhatsAppAsync(London, "RECORD 3 50 CASH");
        await channels.WhatsAppAsync(Dallas, "RECORD 1 50.00 CASH");
        Assert.Contains("Recorded: GBP 50.00 from Brian Mutua (seat 2), for round 1, reference BANK-FT2601.", recorded);

        // The pot is Achieng's: Brian and Wanjiru approve it, M-Pesa cannot send pounds, Brian pays it in cash.
        await channels.WhatsAppAsync(Dallas, $"APPROVE {code}");
        Assert.Contains($"NIMELIPA {code} TASLIMU", await channels.WhatsAppAsync(Nairobi, $"IDHINISHA {code}"));
        await host.Services.GetServices<IHostedService>().OfType<PayoutDispatcher>().Single().RunOnceAsync(CancellationToken.None);
        var paid = await channels.WhatsAppAsync(Dallas, $"PAIDOUT {code} CASH");
        var received = await channels.WhatsAppAsync(London, $"RECEIVED {code}");

        Assert.Contains($"Recorded: {code} GBP 150.00 paid to Achieng Otieno in cash, reference CASH-{code}-1.", paid);
        Assert.Contains($"you received {code} GBP 150.00", received);
        Assert.Empty(daraja.Payouts);
        var london = await channels.WhatsAppAsync(London, "STATEMENT");
        var nairobi = await channels.WhatsAppAsync(Nairobi, "TAARIFA");
        output.WriteLine(london);
        output.WriteLine(nairobi);
        Assert.Contains($"received the round 1 pot, GBP 150.00 (CASH-{code}-1)", london);
        Assert.Contains("GBP 50.00", nairobi);
        Assert.Contains("Balance now: GBP 0.00", london);
        Assert.Contains("Paid: GBP 50.00", await channels.WhatsAppAsync(Dallas, "BALANCE"));
        var reports = new[] { CsvReport.Contributions, CsvReport.RoundSummaries, CsvReport.Welfare, CsvReport.Disbursements };
        var csv = new List<string>();
        foreach (var report in reports)
        {
            csv.Add(await CsvAsync(report));
        }

        Assert.Contains("150.00", csv[3]);
        Assert.All(csv.Append(london).Append(nairobi).Append(paid).Append(received), AssertNoShillings);
    }

    [Fact]
    public async Task Shillings_paid_to_the_paybill_for_a_pound_chama_are_held_for_the_officers_and_never_credited()
    {
        await host.Get<DarajaClient>().RegisterC2BUrlsAsync(CancellationToken.None);

        var payment = await daraja.PayBillAsync("LONDON-2", 5_000);
        var held = Assert.Single(await Eventually.ReturnsAsync(() => host.Get<Suspense>().ListUnallocatedAsync(chama.Id), list => list.Count == 1, "the held payment"));
        var allocated = await channels.WhatsAppAsync(London, $"ALLOCATE {held.Id} 2");

        Assert.Equal((payment.TransId, Money.Kes(5_000)), (held.TransId, held.Amount));
        Assert.StartsWith($"Held payment {held.Id} came in by M-Pesa, not in GBP: it cannot be credited as it is.", allocated);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "contributions", $"chama_id = {chama.Id}"));
    }

    [Fact]
    public async Task The_pound_chamas_CSV_reports_read_in_pounds()
    {
        await FillRoundOneAsync();

        var contributions = await CsvAsync(CsvReport.Contributions);
        var summaries = await CsvAsync(CsvReport.RoundSummaries);

        Assert.Contains("Achieng Otieno,50.00,0.00,GBP,CASH-LON-1", contributions);
        Assert.Contains("150.00,150.00,0.00", summaries);
        Assert.All(new[] { contributions, summaries, await CsvAsync(CsvReport.Welfare), await CsvAsync(CsvReport.Disbursements) }, AssertNoShillings);
    }

    [Fact]
    public async Task An_officer_in_London_signs_in_to_the_dashboard_and_reads_pounds()
    {
        var page = await new DashboardClient(host, channels.Client.BaseAddress!.ToString()).SignInAsync("+44 7911 123456");

        Assert.Equal($"/dashboard/{chama.Id}", page.Path);
        Assert.Contains("signed in as Achieng Otieno (treasurer)", page.Text, StringComparison.Ordinal);
        Assert.Contains("GBP", page.Text, StringComparison.Ordinal);
        AssertNoShillings(page.Text);
    }

    [Fact]
    public async Task A_line_outside_Kenya_dialling_the_USSD_code_is_told_to_use_WhatsApp()
    {
        var answer = await channels.UssdAsync("ATUid_london", London, "");

        Assert.Equal("END This USSD service is for Kenyan (+254) lines only. From another country, message the chama on WhatsApp.", answer);
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "conversation_sessions", $"phone = '{London}'"));
    }

    [Fact]
    public async Task A_chama_in_Uganda_shillings_shows_no_minor_units_and_refuses_them()
    {
        Assert.Equal(1, await CliExitCodeAsync("chama", "create", "--name", "Kampala Club", "--code", "KAMPALA", "--currency", "UGX", "--contribution", "12.5"));
        await CliAsync("chama", "create", "--name", "Kampala Club", "--code", "KAMPALA", "--currency", "UGX", "--contribution", "50,000", "--approvals", "1");
        await CliAsync("member", "add", "--chama", "KAMPALA", "--name", "Nakato Sarah", "--phone", "+256 772 123456", "--seat", "1", "--role", "treasurer");
        await CliAsync("member", "add", "--chama", "KAMPALA", "--name", "Okello James", "--phone", "+256 752 123456", "--seat", "2", "--role", "chair");
        var kampala = await StartCycleAsync("KAMPALA");

        var balance = await channels.WhatsAppAsync("+256772123456", "BALANCE");
        await channels.WhatsAppAsync("+256772123456", "WELFARE");
        await channels.WhatsAppAsync("+256772123456", "2");
        var fraction = await channels.WhatsAppAsync("+256772123456", "12.5");
        var whole = await channels.WhatsAppAsync("+256772123456", "5000");

        Assert.Contains("Due now: UGX 50,000 (round 1)", balance);
        Assert.DoesNotContain("50,000.00", balance);
        Assert.StartsWith("Enter the amount in UGX, for example 100.", fraction);
        Assert.Contains("less than UGX 5,000", whole);

        var nakato = (await host.Get<ChamaStore>().GetMembersAsync(kampala.Id))[0];
        await host.Get<ContributionLedger>().RecordAsync(
            new ContributionRequest((await RoundsAsync(kampala))[0].Id, nakato.Id, Money.Major(50_000, "UGX"), "CASH-KLA-1"), Actor.System("test"));
        Assert.Contains("Nakato Sarah,50000,0,UGX,CASH-KLA-1", await CsvAsync(kampala, CsvReport.Contributions));
    }

    private async Task<IReadOnlyList<Round>> RoundsAsync(ChamaGroup of)
    {
        var cycles = host.Get<CycleStore>();
        return await cycles.GetRoundsAsync((await cycles.FindActiveCycleAsync(of.Id))!.Id);
    }

    private static void AssertNoShillings(string text)
    {
        foreach (var word in new[] { "KES", "Ksh", "shilling", "shilingi" })
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Everyone pays round 1 in cash to the treasurer, recorded straight into the ledger: the pot is full.</summary>
    private async Task<Round> FillRoundOneAsync()
    {
        var round = (await RoundsAsync(chama))[0];
        var n = 0;
        foreach (var member in await host.Get<ChamaStore>().GetMembersAsync(chama.Id))
        {
            await host.Get<ContributionLedger>().RecordAsync(
                new ContributionRequest(round.Id, member.Id, Money.Major(50, "GBP"), $"CASH-LON-{++n}"), Actor.System("test"));
        }

        return round;
    }

    private Task<string> CsvAsync(CsvReport report) => CsvAsync(chama, report);

    private async Task<string> CsvAsync(ChamaGroup of, CsvReport report)
    {
        using var stream = new MemoryStream();
        await host.Get<CsvReports>().WriteAsync(of.Id, report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The first cycle, started through the host's own store: the command line would read the real date, and the host
    /// runs on the tests' clock in January 2026.
    /// </summary>
    private async Task<ChamaGroup> StartCycleAsync(string code)
    {
        var created = (await host.Get<ChamaStore>().FindChamaByCodeAsync(code))!;
        await host.Get<CycleStore>().StartCycleAsync(created.Id, new DateOnly(2026, 1, 31), Actor.System("test"));
        return created;
    }

    private async Task CliAsync(params string[] args)
    {
        var (code, error) = await RunCliAsync(args);
        Assert.True(code == 0, error);
    }

    private async Task<int> CliExitCodeAsync(params string[] args) => (await RunCliAsync(args)).ExitCode;

    /// <summary>The operator's command line on the host's own database, as an operator would run it beside the host.</summary>
    private async Task<(int ExitCode, string Error)> RunCliAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Chama"] = host.Storage.ConnectionString,
            ["Database:Provider"] = host.Storage.Engine.ToString(),
        }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        return (await OperatorCli.RunAsync(args, configuration, output, error), error.ToString());
    }
}

public sealed class SqliteDiasporaChamaTests(Xunit.Abstractions.ITestOutputHelper output) : DiasporaChamaTests(Engine.Sqlite, output);

public sealed class PostgresDiasporaChamaTests(Xunit.Abstractions.ITestOutputHelper output) : DiasporaChamaTests(Engine.Postgres, output);
