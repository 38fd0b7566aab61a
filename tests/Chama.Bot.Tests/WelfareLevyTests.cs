using Chama.Core;
using Chama.Data.Welfare;

namespace Chama.Bot.Tests;

/// <summary>The welfare levy the officers set by quorum is shown in the balance and offered by the pay menu.</summary>
public sealed class WelfareLevyTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public WelfareLevyTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_levy_set_by_the_officers_is_owed_shown_in_the_balance_and_offered_by_PAY_until_paid()
    {
        var demo = await Demo.LoadAsync(factory);
        Assert.DoesNotContain("levy", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"), StringComparison.OrdinalIgnoreCase);

        await channels.WhatsAppAsync(Phones.Patrick, "RULE LEVY 100");
        await channels.WhatsAppAsync(Phones.Grace, "APPROVE R1");

        Assert.Contains("Welfare levy owed: KES 100", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
        Assert.Contains("3. Pay welfare levy KES 100", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.Contains("Pay KES 100 to Umoja Investment Club for the welfare levy from M-Pesa", await channels.WhatsAppAsync(Phones.Samuel, "3"));
        await channels.WhatsAppAsync(Phones.Samuel, "2");

        await factory.Get<WelfareLedger>().RecordContributionAsync(demo.Samuel.Id, Money.Kes(100), "QKJ4HT8MW1", Actor.System("test"));
        Assert.DoesNotContain("levy", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("3. Pay", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
    }
}
