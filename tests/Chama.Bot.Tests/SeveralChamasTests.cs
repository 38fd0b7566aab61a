using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;

namespace Chama.Bot.Tests;

public sealed class SeveralChamasTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public SeveralChamasTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_member_of_two_chamas_chooses_one_and_it_is_remembered_for_the_session()
    {
        await JoinSecondChamaAsync();

        Assert.Equal("You belong to 2 chamas. Choose one:\n1. Umoja Investment Club\n2. Jirani Welfare Group", await channels.WhatsAppAsync(Phones.Samuel, "hi"));
        Assert.StartsWith("Jirani Welfare Group\n1. Pay contribution", await channels.WhatsAppAsync(Phones.Samuel, "2"));
        Assert.Contains("Jirani Welfare Group, cycle 1\nPaid: KES 0\nDue now: KES 500 (round 1)", await channels.WhatsAppAsync(Phones.Samuel, "2"));
        Assert.Contains("You owe KES 500.", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
    }

    [Fact]
    public async Task The_chama_can_be_switched_and_a_wrong_choice_is_asked_again()
    {
        await JoinSecondChamaAsync();
        await channels.WhatsAppAsync(Phones.Samuel, "hi");
        Assert.StartsWith("You belong to 2 chamas.", await channels.WhatsAppAsync(Phones.Samuel, "3"));
        await channels.WhatsAppAsync(Phones.Samuel, "1");

        Assert.StartsWith("You belong to 2 chamas.", await channels.WhatsAppAsync(Phones.Samuel, "CHAMA"));
        Assert.StartsWith("Jirani Welfare Group", await channels.WhatsAppAsync(Phones.Samuel, "2"));
    }

    [Fact]
    public async Task On_USSD_the_choice_comes_first()
    {
        await JoinSecondChamaAsync();

        Assert.StartsWith("CON You belong to 2 chamas.", await channels.UssdAsync("ATUid_1", Phones.Samuel, ""));
        Assert.StartsWith("CON Jirani Welfare Group", await channels.UssdAsync("ATUid_1", Phones.Samuel, "2"));
        Assert.StartsWith("END Jirani Welfare Group, cycle 1", await channels.UssdAsync("ATUid_1", Phones.Samuel, "2*2"));
    }

    private async Task JoinSecondChamaAsync()
    {
        _ = factory.Server;
        var chamas = factory.Get<ChamaStore>();
        var test = Actor.System("test");
        var jirani = await chamas.CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)), test);
        await chamas.AddMemberAsync(jirani.Id, new NewMember("Samuel Kimani", Phones.Samuel, 1), test);
        await chamas.AddMemberAsync(jirani.Id, new NewMember("Wanjiru Kamau", "0701000001", 2, MemberRoles.Treasurer), test);
        await factory.Get<CycleStore>().StartCycleAsync(jirani.Id, new DateOnly(2026, 1, 31), test);
    }
}
