using System.Text.RegularExpressions;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// STATEMENT / TAARIFA: a member's own movements this cycle with the running balance, over WhatsApp in pages of one
/// message and on USSD as the last five; the officer's STATEMENT P… is still read from the same word. The demo's clock
/// is 10 January 2026: round 1 (due 31 January) is being collected.
/// </summary>
public abstract partial class StatementTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);
    private Channels channels = null!;
    private Demo demo = null!;

    public void Dispose() => factory.Dispose();

    private async Task StartAsync()
    {
        channels = new Channels(factory.CreateClient());
        demo = await Demo.LoadAsync(factory);
    }

    [Fact]
    public async Task A_long_history_comes_in_pages_of_one_message_newest_first_with_every_payment_once()
    {
        await StartAsync();
        var receipts = Enumerable.Range(1, 40).Select(n => $"QKS{n:0000000}").ToList();
        foreach (var receipt in receipts)
        {
            await demo.PayAsync(factory, demo.Samuel, 100, receipt);
            factory.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        await demo.PayAsync(factory, demo.Diana, 10_000, "QKD0000001");

        var first = await channels.WhatsAppAsync(Phones.Samuel, "STATEMENT");
        var pages = int.Parse(PageCount().Match(first).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var all = new List<string> { first };
        for (var page = 2; page <= pages; page++)
        {
            Assert.Contains($"Reply STATEMENT {page} for earlier movements.", all[^1]);
            all.Add(await channels.WhatsAppAsync(Phones.Samuel, $"STATEMENT {page}"));
        }

        Assert.True(pages >= 2, $"40 payments take more than one message; got {pages} page(s).");
        Assert.All(all, text => Assert.True(text.Length <= 1_600, $"A page of {text.Length} characters does not fit one message."));
        Assert.StartsWith($"Umoja Investment Club: statement of Samuel Kimani, cycle 1, page 1 of {pages}", first);
        Assert.Contains($"paid KES 100 into round 1, recorded as {receipts[^1]}. Balance KES 4,000", first);
        Assert.Contains("Balance now: KES -6,000 (owed)", first);
        Assert.DoesNotContain("Reply STATEMENT", all[^1]);
        Assert.Contains("31 Jan: round 1 due, KES 10,000. Balance KES -6,000", first);
        Assert.All(receipts, receipt => Assert.Single(all, page => page.Contains(receipt, StringComparison.Ordinal)));
        Assert.DoesNotContain(all, page => page.Contains("QKD0000001", StringComparison.Ordinal));

        // Page 1 is the newest: it ends with the last movement; a page past the last shows the last.
        Assert.Contains(receipts[0], all[^1]);
        Assert.Equal(all[^1], await channels.WhatsAppAsync(Phones.Samuel, $"STATEMENT {pages + 5}"));
    }

    [Fact]
    public async Task TAARIFA_shows_the_statement_in_Swahili_and_8_on_the_menu_opens_it()
    {
        await StartAsync();
        await demo.PayAsync(factory, demo.Samuel, 4_000, "QKS0000001");
        await channels.WhatsAppAsync(Phones.Samuel, "SW");

        var statement = await channels.WhatsAppAsync(Phones.Samuel, "TAARIFA");

        Assert.StartsWith("Umoja Investment Club: taarifa ya Samuel Kimani, awamu 1", statement);
        Assert.Contains("umelipa KES 4,000 kwa mzunguko 1, imerekodiwa kama QKS0000001. Salio KES 4,000", statement);
        Assert.Contains("Salio sasa: KES -6,000 (unadaiwa)", statement);
        Assert.Contains("8. Taarifa yangu", await channels.WhatsAppAsync(Phones.Samuel, "MENU"));
        Assert.Equal(statement, await channels.WhatsAppAsync(Phones.Samuel, "8"));
    }

    [Fact]
    public async Task On_USSD_8_is_a_mini_statement_of_the_last_five_on_one_screen()
    {
        await StartAsync();
        for (var n = 1; n <= 7; n++)
        {
            await demo.PayAsync(factory, demo.Samuel, 1_000 * n, $"QKS000000{n}");
            factory.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Contains("8. My statement", await channels.UssdAsync("ATUid_s1", Phones.Samuel, ""));
        var screen = await channels.UssdAsync("ATUid_s1", Phones.Samuel, "8");

        Assert.True(screen.Length <= 4 + 160, $"{screen.Length - 4} characters do not fit a USSD screen: {screen}");
        Assert.StartsWith("END Last 5, cycle 1:\n", screen);
        // Payments of 1,000 to 7,000 into round 1 (10,000): 4,000 and more carries on; the last five lines are the newest movements.
        Assert.Equal(5, screen.Split('\n').Count(line => Regex.IsMatch(line, @"^\d+/\d+ ")));
        Assert.EndsWith("Balance KES 18,000", screen);
    }

    [Fact]
    public async Task The_officers_STATEMENT_with_a_payout_code_is_still_the_officers_command()
    {
        await StartAsync();

        Assert.StartsWith("Only the chama's officers record what the M-Pesa statement shows.", await channels.WhatsAppAsync(Phones.Samuel, "STATEMENT P1 NOTPAID"));
        Assert.StartsWith("Payout P1 is not waiting for its M-Pesa statement to be checked.", await channels.WhatsAppAsync(Phones.Grace, "STATEMENT P1 NOTPAID"));
        Assert.StartsWith("Write STATEMENT P1 PAID <M-Pesa receipt> or STATEMENT P1 NOTPAID", await channels.WhatsAppAsync(Phones.Grace, "STATEMENT P1"));
        Assert.StartsWith("Umoja Investment Club: statement of Grace Wanjiku", await channels.WhatsAppAsync(Phones.Grace, "STATEMENT"));
    }

    [GeneratedRegex(@"page 1 of (\d+)")]
    private static partial Regex PageCount();
}

public sealed class SqliteStatementTests() : StatementTests(Engine.Sqlite);

public sealed class PostgresStatementTests() : StatementTests(Engine.Postgres);
