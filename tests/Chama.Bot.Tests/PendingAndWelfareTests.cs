using Chama.Core;

namespace Chama.Bot.Tests;

public sealed class PendingAndWelfareTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public PendingAndWelfareTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Pending_lists_who_still_owes_in_seat_order()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.PayAsync(factory, demo.Grace, 10_000, "QKJ4HT8MZ1");
        await demo.PayAsync(factory, demo.Patrick, 10_000, "QKJ4HT8MZ2");
        await demo.PayAsync(factory, demo.Diana, 10_000, "QKJ4HT8MZ3");
        await demo.PayAsync(factory, demo.Samuel, 1_000, "QKJ4HT8MZ4");

        Assert.Equal(
            "Round 1: 1 still to pay\nSamuel Kimani: KES 9,000\nCollected: KES 31,000 / 40,000\n\nSend MENU for the menu.",
            await channels.WhatsAppAsync(Phones.Samuel, "PENDING"));
    }

    [Fact]
    public async Task Pending_says_when_everyone_has_paid()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);

        Assert.StartsWith("Everyone has paid round 1. Collected: KES 40,000 / 40,000", await channels.WhatsAppAsync(Phones.Samuel, "PENDING"));
    }

    [Fact]
    public async Task Pending_is_for_officers_only_when_the_constitution_says_so()
    {
        using var privateChama = new BotFactory();
        var client = new Channels(privateChama.CreateClient());
        var chamas = privateChama.Get<Chama.Data.Chamas.ChamaStore>();
        var cycles = privateChama.Get<Chama.Data.Cycles.CycleStore>();
        var rules = Constitution.Monthly(Money.Kes(500)) with { MembersMaySeePending = false };
        var chama = await chamas.CreateChamaAsync("Siri Savings", "SIRI", rules, Actor.System("test"));
        await chamas.AddMemberAsync(chama.Id, new NewMember("Member One", "0701000001", 1), Actor.System("test"));
        await chamas.AddMemberAsync(chama.Id, new NewMember("Officer Two", "0701000002", 2, MemberRoles.Treasurer), Actor.System("test"));
        await cycles.StartCycleAsync(chama.Id, new DateOnly(2026, 1, 31), Actor.System("test"));

        Assert.Contains("Rule 7: in Siri Savings only officers can see who is pending", await client.WhatsAppAsync("+254701000001", "PENDING"));
        Assert.Contains("Member One: KES 500", await client.WhatsAppAsync("+254701000002", "PENDING"));
    }

    [Fact]
    public async Task A_welfare_request_is_recorded_and_the_officers_are_told()
    {
        await (await Demo.LoadAsync(factory)).FundWelfareAsync(factory, 5_000);
        Assert.Contains("1. Funeral", await channels.WhatsAppAsync(Phones.Samuel, "WELFARE"));
        Assert.Contains("How much", await channels.WhatsAppAsync(Phones.Samuel, "2"));
        Assert.Contains("Enter the amount in whole shillings", await channels.WhatsAppAsync(Phones.Samuel, "a lot"));
        Assert.Contains("what happened", await channels.WhatsAppAsync(Phones.Samuel, "5,000"));
        Assert.Contains("Ask the welfare fund for KES 5,000 (hospital): My son was admitted at Kenyatta", await channels.WhatsAppAsync(Phones.Samuel, "My son was admitted at Kenyatta"));

        var sent = await channels.WhatsAppAsync(Phones.Samuel, "1");

        Assert.Matches(@"Your request W\d+ for KES 5,000 has gone to the officers\.", sent);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "welfare_requests"));
        // Grace, Patrick and Diana are the officers; Patrick hears in English, and so does Grace.
        Assert.Equal(3, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'welfare:%:officer:%'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"phone = '{Phones.Patrick}' AND body LIKE '%Samuel Kimani: KES 5,000 for hospital%'"));
    }

    [Fact]
    public async Task A_cancelled_welfare_request_records_nothing()
    {
        await (await Demo.LoadAsync(factory)).FundWelfareAsync(factory, 2_000);
        await channels.WhatsAppAsync(Phones.Samuel, "WELFARE");
        await channels.WhatsAppAsync(Phones.Samuel, "3");
        await channels.WhatsAppAsync(Phones.Samuel, "2000");
        await channels.WhatsAppAsync(Phones.Samuel, "Fire in the kitchen");

        Assert.StartsWith("Cancelled. Nothing was charged.\nUmoja", await channels.WhatsAppAsync(Phones.Samuel, "2"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "welfare_requests"));
    }

    [Fact]
    public async Task A_welfare_request_by_USSD_goes_back_a_step_with_zero()
    {
        await (await Demo.LoadAsync(factory)).FundWelfareAsync(factory, 3_000);
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "4");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "4*1");
        Assert.StartsWith("CON Welfare request.", await channels.UssdAsync("ATUid_1", Phones.Samuel, "4*1*0"));
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "4*1*0*1");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "4*1*0*1*3000");
        await channels.UssdAsync("ATUid_1", Phones.Samuel, "4*1*0*1*3000*Burial of my uncle");

        Assert.StartsWith("END Your request W", await channels.UssdAsync("ATUid_1", Phones.Samuel, "4*1*0*1*3000*Burial of my uncle*1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "welfare_requests", "kind = 'Funeral' AND amount_minor = 300000"));
    }
}
