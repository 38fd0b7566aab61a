using Chama.Conversations;
using Chama.Core;

namespace Chama.Bot.Tests.Loans;

/// <summary>Asking for a loan from the USSD main menu (its number 10), every screen within the gateway's limit.</summary>
public sealed class LoanUssdTests : IDisposable
{
    private readonly BotFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Theory]
    [InlineData(Phones.Grace, "Loan of KES 9,000 over 3 months, guaranteed by seats 4 (KES 4,500 each).", "3 monthly instalments, the first KES 3,090 on 10 Feb 2026. Interest KES 270, total KES 9,270.")]
    [InlineData(Phones.Diana, "Mkopo wa KES 9,000 kwa miezi 3, unaodhaminiwa na viti 4 (KES 4,500 kila mmoja).", "Awamu 3 za kila mwezi, ya kwanza KES 3,090 tarehe 10 Feb 2026. Riba KES 270, jumla KES 9,270.")]
    public async Task A_loan_is_asked_from_the_numbered_menu_and_every_screen_fits(string phone, string terms, string schedule)
    {
        var demo = await Demo.LoadAsync(factory);
        await Lending.StartAsync(factory, demo);
        var channels = new Channels(factory.CreateClient());
        var session = $"ATUid_loan_{phone}";

        var screens = new List<string>();
        foreach (var typed in new[] { "", "10", "10*9000", "10*9000*3", "10*9000*3*4" })
        {
            screens.Add(await channels.UssdAsync(session, phone, typed));
        }

        var asked = await channels.UssdAsync(session, phone, "10*9000*3*4*1");

        Assert.Contains("10. ", screens[0], StringComparison.Ordinal);
        Assert.Contains(terms, screens[^1], StringComparison.Ordinal);
        Assert.Contains(schedule, screens[^1], StringComparison.Ordinal);
        Assert.StartsWith("END ", asked, StringComparison.Ordinal);
        Assert.Matches(@"\bL\d+\b", asked);
        Assert.All(screens.Append(asked), screen => Assert.True(screen.Length <= ScreenFit.UssdGatewayLimit, $"{screen.Length} characters:\n{screen}"));
    }

    [Fact]
    public async Task A_chama_that_does_not_lend_shows_no_loan_on_the_menu()
    {
        var channels = new Channels(factory.CreateClient());

        var menu = await channels.UssdAsync("ATUid_no_loan", Phones.Grace, "");

        Assert.DoesNotContain("10. ", menu, StringComparison.Ordinal);
        Assert.Contains("1. Pay contribution", menu, StringComparison.Ordinal);
    }
}
