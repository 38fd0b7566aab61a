using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Disbursements;

namespace Chama.Bot.Tests;

public sealed class ApprovalTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public ApprovalTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_member_who_is_not_an_officer_is_refused_and_nothing_changes()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, "APPROVALS"));
        Assert.Contains("Only the chama's officers", await channels.WhatsAppAsync(Phones.Samuel, $"APPROVE P{demo.Rounds[0].Id}"));
        await channels.WhatsAppAsync(Phones.Samuel, "MENU");
        Assert.Contains("Sorry, I did not understand that.", await channels.WhatsAppAsync(Phones.Samuel, "6"));

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
    }

    [Fact]
    public async Task Nothing_waits_while_no_pot_is_full()
    {
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
    }

    [Fact]
    public async Task A_full_pot_needs_two_officers_and_the_recipients_own_approval_does_not_count()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";

        // Grace receives round 1: she may not decide on her own pot.
        Assert.Contains($"You cannot decide on {code}: the payout is to you (Rule 5: a recipient's own approval does not count).", await channels.WhatsAppAsync(Phones.Grace, $"APPROVE {code}"));

        var list = await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS");
        Assert.Contains($"1. {code} KES 40,000 Grace Wanjiku (0/2)", list);
        Assert.Contains($"{code}: round 1 pot, KES 40,000 to Grace Wanjiku. Approvals 0/2.", await channels.WhatsAppAsync(Phones.Patrick, "1"));
        Assert.Contains($"You approved {code} (1 of 2).", await channels.WhatsAppAsync(Phones.Patrick, "1"));
        Assert.Contains($"You have already decided on {code}.", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));

        var pending = await factory.Get<ApprovalStore>().FindAsync(demo.Chama.Id, ApprovalKind.Pot, demo.Rounds[0].Id);
        Assert.Equal(1, pending!.Approvals);
        Assert.False(pending.IsApproved);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'approval.approve'"));
    }

    [Fact]
    public async Task Dual_control_is_reached_with_a_second_officer()
    {
        using var threeOfficers = new BotFactory();
        var client = new Channels(threeOfficers.CreateClient());
        var demo = await Demo.LoadAsync(threeOfficers);
        var secretary = await threeOfficers.Get<Chama.Data.Chamas.ChamaStore>().AddMemberAsync(
            demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        await demo.FillRoundOneAsync(threeOfficers);
        var code = $"P{demo.Rounds[0].Id}";

        await client.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}");
        var second = await client.WhatsAppAsync(secretary.Phone.E164, $"approve {code.ToLowerInvariant()}");

        Assert.Contains($"You approved {code} (2 of 2). It is fully approved and the payout is queued.", second);
        var payout = Assert.Single(await threeOfficers.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));
        Assert.Equal((Money.Kes(40_000), demo.Grace.ReceivePhone, 1), (payout.Amount, payout.ReceivePhone, payout.Attempt));
        Assert.Contains("Nothing is waiting for approval.", await client.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_closes_the_request()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";

        Assert.Contains("Why are you rejecting", await channels.WhatsAppAsync(Phones.Patrick, $"REJECT {code}"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));

        Assert.Contains($"You rejected {code}: meeting not held yet", await channels.WhatsAppAsync(Phones.Patrick, $"REJECT {code} meeting not held yet"));
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Grace, "APPROVALS"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'approval.reject'"));
    }

    [Fact]
    public async Task Rejecting_by_menu_asks_for_the_reason()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);

        await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS");
        await channels.WhatsAppAsync(Phones.Patrick, "1");
        Assert.Contains("Why are you rejecting", await channels.WhatsAppAsync(Phones.Patrick, "2"));

        Assert.Contains("You rejected", await channels.WhatsAppAsync(Phones.Patrick, "Grace asked to wait a month"));
    }

    [Fact]
    public async Task An_unknown_code_changes_nothing()
    {
        Assert.Contains("P999 is not waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVE P999"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
    }

    [Fact]
    public async Task Officers_approve_by_USSD_too()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);

        await channels.UssdAsync("ATUid_1", Phones.Patrick, "");
        Assert.StartsWith($"CON Waiting for approval:\n1. P{demo.Rounds[0].Id} 40,000 Grace Wanjiku (0/2)\n0. Back", await channels.UssdAsync("ATUid_1", Phones.Patrick, "6"));
        await channels.UssdAsync("ATUid_1", Phones.Patrick, "6*1");

        // On first use the officer chooses a PIN, typed twice; the decision is taken once it is confirmed.
        Assert.StartsWith("CON Choose a 4-digit PIN", await channels.UssdAsync("ATUid_1", Phones.Patrick, "6*1*1"));
        Assert.StartsWith("CON Enter the same PIN again", await channels.UssdAsync("ATUid_1", Phones.Patrick, "6*1*1*2580"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        Assert.StartsWith("END You approved", await channels.UssdAsync("ATUid_1", Phones.Patrick, "6*1*1*2580*2580"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"officer_member_id = {demo.Patrick.Id} AND channel = 'ussd'"));
    }
}
