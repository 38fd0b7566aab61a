using Chama.Bot.Notifications;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;

namespace Chama.Bot.Tests;

/// <summary>
/// Invitations with consent through the signed WhatsApp webhook and the USSD door: the officer invites, the invitee
/// is messaged once, and becomes a member only by answering from the phone invited.
/// </summary>
public sealed class InvitationTests : IDisposable
{
    private const string Chair = "+254712000011";
    private const string Treasurer = "+254712000012";
    private const string Esther = "+254700000005";
    private const string Juma = "+254700000006";

    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public InvitationTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_invitation_accepted_in_English_makes_the_member_whose_next_message_is_a_members()
    {
        var jirani = await FoundJiraniAsync();

        var sent = await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3 TREASURER Esther Njeri", "SM00000000000000000000000000000001");
        Assert.Contains("Invitation sent to +2547******05 for seat 3 as treasurer. They become a member only when they reply JOIN JIRANI from that phone", sent);
        var invitation = Assert.Single(await OutboxAsync(Esther));
        Assert.StartsWith("Hello! Wanjiru Kamau invites you to join Jirani Women Group on Chama.Bot, on seat 3 as treasurer. Members contribute KES 5,000 every month.", invitation.Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            factory,
            "outbound_messages",
            $$"""template = 'invitation' AND member_id IS NULL AND variables_json = '{"1":"Jirani Women Group","2":"Wanjiru Kamau","3":"3","4":"treasurer","5":"KES 5,000","6":"monthly","7":"JIRANI"}'"""));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "members", $"phone = '{Esther}'"));

        var welcome = await channels.WhatsAppAsync(Esther, "JOIN JIRANI");
        Assert.Contains("Welcome to Jirani Women Group: you are the member on seat 3, treasurer. Nothing is charged by joining", welcome);
        var member = Assert.Single(await factory.Get<ChamaStore>().FindMembershipsAsync(Core.PhoneNumber.Parse(Esther)));
        Assert.Equal((jirani.Id, 3, MemberRoles.Treasurer, Language.En), (member.ChamaId, member.Seat, member.Roles, member.Language));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "payment_requests"));
        Assert.Contains(await OutboxAsync(Chair), m => m.Body.StartsWith("Jirani Women Group: +2547******05 accepted your invitation and is now Esther Njeri, the member on seat 3 (treasurer).", StringComparison.Ordinal));

        Assert.Contains("1. Pay", await channels.WhatsAppAsync(Esther, "MENU"));
        Assert.Contains("- Seat 3: +2547******05 (Esther Njeri), treasurer: accepted", await channels.WhatsAppAsync(Chair, "INVITES"));
    }

    [Fact]
    public async Task An_invitation_in_Swahili_is_accepted_in_Swahili()
    {
        await FoundJiraniAsync();

        // ALIKA invites in Swahili; the chair is answered in her own language.
        Assert.Contains("Invitation sent to +2547******06 for seat 4.", await channels.WhatsAppAsync(Chair, "ALIKA 0700000006 4 Juma Hamisi"));
        Assert.StartsWith("Habari! Wanjiru Kamau anakualika ujiunge na Jirani Women Group kwenye Chama.Bot, kiti 4.", Assert.Single(await OutboxAsync(Juma)).Body);

        Assert.Contains("Karibu Jirani Women Group: wewe ni mwanachama wa kiti 4.", await channels.WhatsAppAsync(Juma, "JIUNGE JIRANI"));
        var member = Assert.Single(await factory.Get<ChamaStore>().FindMembershipsAsync(Core.PhoneNumber.Parse(Juma)));
        Assert.Equal(("Juma Hamisi", MemberRoles.Member, Language.Sw), (member.Name, member.Roles, member.Language));
    }

    [Fact]
    public async Task A_declined_invitation_makes_no_member_and_its_answer_stands()
    {
        await FoundJiraniAsync();
        await channels.WhatsAppAsync(Treasurer, "INVITE 0700000005 3");

        Assert.Contains("Umekataa mwaliko wa Jirani Women Group. Hutaalikwa huko tena.", await channels.WhatsAppAsync(Esther, "KATAA JIRANI"));
        Assert.Contains("You declined the invitation to Jirani Women Group before; that answer stands.", await channels.WhatsAppAsync(Esther, "JOIN JIRANI"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "members", $"phone = '{Esther}'"));
        Assert.Contains(await OutboxAsync(Treasurer), m => m.Body.Contains("declined your invitation to seat 3", StringComparison.Ordinal));
        Assert.Contains("- Seat 3: +2547******05: declined", await channels.WhatsAppAsync(Chair, "INVITES"));
    }

    [Fact]
    public async Task An_invitation_unanswered_for_seven_days_lapses_and_the_invitee_is_not_messaged_again()
    {
        await FoundJiraniAsync();
        await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3");

        factory.Clock.Advance(TimeSpan.FromDays(7));
        await factory.Get<InvitationLapseScheduler>().RunOnceAsync(default);

        Assert.Contains("The invitation to Jirani Women Group lapsed after 7 days without an answer.", await channels.WhatsAppAsync(Esther, "JOIN JIRANI"));
        Assert.Contains("That phone was already invited", await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3"));
        Assert.Single(await OutboxAsync(Esther));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "members", $"phone = '{Esther}'"));
        Assert.Contains("- Seat 3: +2547******05: lapsed", await channels.WhatsAppAsync(Chair, "INVITES"));
    }

    [Fact]
    public async Task A_repeated_invite_messages_the_invitee_once()
    {
        await FoundJiraniAsync();
        const string sid = "SM00000000000000000000000000000002";

        var first = await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3", sid);
        var retried = await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3", sid);
        var again = await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3");
        var otherSeat = await channels.WhatsAppAsync(Treasurer, "INVITE 0700000005 4");

        Assert.Equal(first, retried);
        Assert.Contains("That phone was already invited", again);
        Assert.Contains("That phone was already invited", otherSeat);
        Assert.Single(await OutboxAsync(Esther));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "invitations"));
    }

    [Fact]
    public async Task A_stranger_accepts_on_USSD_with_1_and_the_gateways_retry_changes_nothing()
    {
        await FoundJiraniAsync();
        await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3");

        var screen = await channels.UssdAsync("ATUid_inv1", Esther, "");
        Assert.StartsWith("CON Jirani Women Group: Wanjiru Kamau invites you to seat 3, KES 5,000 a month.\n1. Accept\n2. Decline", screen);
        Assert.DoesNotContain("0. My menu", screen);

        var accepted = await channels.UssdAsync("ATUid_inv1", Esther, "1");
        Assert.StartsWith("END Welcome to Jirani Women Group: you are the member on seat 3.", accepted);
        Assert.Equal(accepted, await channels.UssdAsync("ATUid_inv1", Esther, "1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "members", $"phone = '{Esther}'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "payment_requests"));

        Assert.Contains("1. Pay", await channels.UssdAsync("ATUid_inv2", Esther, ""));
    }

    [Fact]
    public async Task A_stranger_declines_on_USSD_with_2()
    {
        await FoundJiraniAsync();
        await channels.WhatsAppAsync(Chair, "ALIKA 0700000005 3");

        Assert.StartsWith("CON Jirani Women Group: Wanjiru Kamau anakualika kiti 3", await channels.UssdAsync("ATUid_inv3", Esther, ""));
        Assert.StartsWith("END Umekataa mwaliko wa Jirani Women Group.", await channels.UssdAsync("ATUid_inv3", Esther, "2"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "members", $"phone = '{Esther}'"));
    }

    [Fact]
    public async Task Another_phone_cannot_accept_someone_elses_invitation()
    {
        await FoundJiraniAsync();
        await channels.WhatsAppAsync(Chair, "INVITE 0700000005 3");

        Assert.Contains("This phone has no invitation from JIRANI. An invitation can only be answered from the phone it was sent to.", await channels.WhatsAppAsync(Phones.Stranger, "JOIN JIRANI"));
        Assert.Contains("This phone has no invitation from JIRANI.", await channels.WhatsAppAsync(Phones.Diana, "JOIN JIRANI"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "members", $"phone = '{Phones.Stranger}'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "invitations", "status = 'Pending'"));
    }

    [Fact]
    public async Task An_invitation_with_a_role_after_the_first_cycle_has_started_is_refused_saying_so()
    {
        _ = await Demo.LoadAsync(factory);

        Assert.Contains(
            "The first cycle has started, so roles are no longer given by invitation: invite without a role, then propose the role on the dashboard for the officers' approval. Nothing was sent.",
            await channels.WhatsAppAsync(Phones.Patrick, "INVITE 0700000005 5 TREASURER"));
        Assert.Contains("Only the chama's officers can invite members.", await channels.WhatsAppAsync(Phones.Samuel, "INVITE 0700000005 5"));
        Assert.Contains("Only the chair names the first officers", await FoundJiraniThenAsync(Treasurer, "INVITE 0700000005 3 SECRETARY"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "invitations"));
        Assert.Empty(await OutboxAsync(Esther));
    }

    [Fact]
    public async Task A_member_of_another_chama_joins_by_invitation_and_then_chooses_between_chamas()
    {
        await Demo.LoadAsync(factory);
        await FoundJiraniAsync();

        // Invited while already on the menu of his own chama: his 1 is still his own menu's, not an acceptance.
        Assert.Contains("1. Pay", await channels.UssdAsync("ATUid_inv5", Phones.Samuel, ""));
        await channels.WhatsAppAsync(Chair, "INVITE 0711000004 5");
        Assert.DoesNotContain("Welcome", await channels.UssdAsync("ATUid_inv5", Phones.Samuel, "1"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "invitations", "status = 'Pending'"));

        // On USSD a member sees the invitation first, and may go on to their own menu.
        Assert.EndsWith("1. Accept\n2. Decline\n0. My menu", await channels.UssdAsync("ATUid_inv4", Phones.Samuel, ""));
        Assert.Contains("1. Pay", await channels.UssdAsync("ATUid_inv4", Phones.Samuel, "0"));

        Assert.Contains("Welcome to Jirani Women Group: you are the member on seat 5.", await channels.WhatsAppAsync(Phones.Samuel, "JOIN JIRANI"));
        Assert.Equal(2, (await factory.Get<ChamaStore>().FindMembershipsAsync(Core.PhoneNumber.Parse(Phones.Samuel))).Count);
    }

    [Fact]
    public async Task The_invitation_screen_keeps_its_choices_within_160_characters_whatever_the_names()
    {
        await Demo.LoadAsync(factory);
        var chamas = factory.Get<ChamaStore>();
        var longest = await chamas.CreateChamaAsync(new string('M', 80), "MREFU", Constitution.Monthly(Money.Kes(100_000)) with { Frequency = MeetingFrequency.Fortnightly }, Actor.System("test"));
        await chamas.AddMemberAsync(longest.Id, new NewMember(new string('W', NewMember.MaxNameLength), Chair, 12, MemberRoles.Chair), Actor.System("test"));
        await channels.WhatsAppAsync(Chair, "ALIKA 0711000004 10 KATIBU");

        var screen = await channels.UssdAsync("ATUid_inv6", Phones.Samuel, "");

        Assert.True(screen.Length - "CON ".Length <= 160, $"{screen.Length - 4} characters");
        Assert.EndsWith("kama katibu, KES 100,000 kwa wiki mbili.\n1. Kubali\n2. Kataa\n0. Menyu yangu", screen);
    }

    private async Task<string> FoundJiraniThenAsync(string phone, string text)
    {
        await FoundJiraniAsync();
        return await channels.WhatsAppAsync(phone, text);
    }

    /// <summary>A chama with no cycle yet, as an operator creates one: its chair and its treasurer.</summary>
    private async Task<ChamaGroup> FoundJiraniAsync()
    {
        var chamas = factory.Get<ChamaStore>();
        var jirani = await chamas.CreateChamaAsync("Jirani Women Group", "JIRANI", Constitution.Monthly(Money.Kes(5_000)), Actor.System("test"));
        await chamas.AddMemberAsync(jirani.Id, new NewMember("Wanjiru Kamau", Chair, 1, MemberRoles.Chair), Actor.System("test"));
        await chamas.AddMemberAsync(jirani.Id, new NewMember("Achieng Otieno", Treasurer, 2, MemberRoles.Treasurer), Actor.System("test"));
        return jirani;
    }

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(string phone) => factory.Get<Outbox>().ListForPhoneAsync(Core.PhoneNumber.Parse(phone));
}
