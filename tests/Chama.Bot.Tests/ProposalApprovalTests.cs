using System.Net;
using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Conversations;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Outbox;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// Rule changes (R) and joins of the running cycle (J) waiting for the officers: listed by APPROVALS (chat, USSD) and on
/// the dashboard after the pots and swaps, and decided there through the same store calls as the replies. In the demo
/// Grace and Patrick are the officers and the quorum is 2; on 1 February a joiner pays from round 2.
/// </summary>
public abstract class ProposalApprovalTests : IDisposable
{
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected ProposalApprovalTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_open_rule_change_is_listed_in_APPROVALS_and_its_quorum_completed_from_the_list()
    {
        var demo = await Demo.LoadAsync(factory);
        await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");

        // The proposer's proposal is their vote: it is still listed for them, saying so.
        Assert.Contains("1. R1 rule: the late fine to KES 200 (1/2, voted)", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
        var list = await channels.WhatsAppAsync(Phones.Grace, "APPROVALS");
        Assert.Contains("1. R1 rule: the late fine to KES 200 (1/2)\n", list);
        Assert.Contains("APPROVE <code> / REJECT <code> <reason>", list);
        Assert.Contains(
            "R1: Patrick Ochieng proposes a change to the constitution: the late fine to KES 200. Approvals 1/2. Or reply APPROVE R1 / REJECT R1 <reason>.\n1. Approve",
            await channels.WhatsAppAsync(Phones.Grace, "1"));

        Assert.Contains("You approved R1 (2 of 2). In force now as constitution version 2: the late fine to KES 200.", await channels.WhatsAppAsync(Phones.Grace, "1"));
        var versions = await factory.Get<ConstitutionStore>().GetVersionsAsync(demo.Chama.Id);
        Assert.Equal((2, (long?)demo.Grace.Id, (long?)1, Money.Kes(200)), (versions[^1].Version, versions[^1].ChangedByMemberId, versions[^1].ProposalId, versions[^1].Rules.LateFine));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'rule.approve' AND channel = 'whatsapp' AND actor_member_id = {demo.Grace.Id}"));
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Grace, "APPROVALS"));
    }

    [Fact]
    public async Task An_open_join_is_listed_in_APPROVALS_and_the_member_joins_when_it_is_approved_from_the_list()
    {
        var demo = await Demo.LoadAsync(factory);
        var esther = await AddMemberAsync(demo, "Esther Njeri", 5);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        await channels.WhatsAppAsync(Phones.Grace, "JOIN 5");

        Assert.Contains("1. J1 join: Esther Njeri from R2 (1/2)\n", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
        Assert.Contains(
            "J1: Grace Wanjiku proposes that Esther Njeri (seat 5) joins the running cycle, paying KES 10,000 from round 2 (due 28 Feb 2026) and receiving the pot in a new round 5 on 31 May 2026. Rule 5: approvals 1/2.",
            await channels.WhatsAppAsync(Phones.Patrick, "1"));

        Assert.Contains("You approved J1 (2 of 2). Esther Njeri is in the running cycle now", await channels.WhatsAppAsync(Phones.Patrick, "1"));
        var rounds = await factory.Get<CycleStore>().GetRoundsAsync(demo.Rounds[0].CycleId);
        Assert.Equal((5, esther.Id), (rounds[^1].Number, rounds[^1].RecipientMemberId));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"subject_kind = 'Join' AND officer_member_id = {demo.Patrick.Id} AND channel = 'whatsapp'"));
        Assert.Contains(await factory.Get<Outbox>().ListForPhoneAsync(esther.Phone), m => m.IdempotencyKey == $"cycle-join:1:{esther.Id}");
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Patrick, "APPROVALS"));
    }

    [Fact]
    public async Task A_Swahili_officer_sees_the_rule_changes_and_joins_in_Swahili()
    {
        var demo = await Demo.LoadAsync(factory);
        var secretary = await AddMemberAsync(demo, "Esther Njeri", 5, MemberRoles.Secretary, Language.Sw);
        await AddMemberAsync(demo, "Faith Achieng", 6);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");
        await channels.WhatsAppAsync(Phones.Grace, "JOIN 6");

        var list = await channels.WhatsAppAsync(secretary.Phone.E164, "APPROVALS");

        Assert.Contains("1. R1 kanuni: faini ya kuchelewa kuwa KES 200 (1/2)\n2. J1 kujiunga: Faith Achieng kuanzia R2 (1/2)\n", list);
        Assert.Contains("Jibu kwa nambari, au APPROVE <code> / REJECT <code> <sababu>.", list);
        Assert.Contains("J1: Grace Wanjiku anapendekeza Faith Achieng (kiti 6) ajiunge na mzunguko unaoendelea", await channels.WhatsAppAsync(secretary.Phone.E164, "2"));
    }

    [Fact]
    public async Task On_USSD_the_list_and_each_proposal_fit_the_screen_with_long_names_and_a_join_is_approved_by_its_number()
    {
        var demo = await Demo.LoadAsync(factory);
        var secretary = await AddMemberAsync(demo, "Nyambura Wairimu-Kamau Njoki", 5, MemberRoles.Secretary, Language.Sw);
        var joiner = await AddMemberAsync(demo, "Wanjiru Nyambura-Kamau Wairimu", 6);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE CONTRIBUTION 12000");
        await channels.WhatsAppAsync(Phones.Patrick, "JOIN 6");

        var swahili = new List<string>();
        foreach (var text in new[] { "", "6", "6*1", "6*1*0", "6*1*0*2" })
        {
            swahili.Add(await channels.UssdAsync("ATUid_proposals_sw", secretary.Phone.E164, text));
        }

        await OfficerPins.SetAsync(factory, demo.Grace);
        var english = new List<string>();
        foreach (var text in new[] { "", "6", "6*2", "6*2*1", $"6*2*1*{OfficerPins.Pin}" })
        {
            english.Add(await channels.UssdAsync("ATUid_proposals_en", Phones.Grace, text));
        }

        Assert.All(swahili.Concat(english), screen => Assert.True(screen.Length <= ScreenFit.UssdLimit + "CON ".Length, $"{screen.Length} characters:\n{screen}"));
        Assert.Contains("1. R1 kanuni: mchango kuwa KES 12,000 kwa kila awamu, kuanzia mzunguko ujao (1/2)\n2. J1 kujiunga: Wanjiru Nya. kuanzia R2 (1/2)", swahili[1]);
        Assert.StartsWith("CON R1 kanuni ya Patrick Och.: mchango kuwa KES 12,000 kwa kila awamu, kuanzia mzunguko ujao. Idhini 1/2.\n1. Idhinisha", swahili[2]);
        Assert.StartsWith("CON J1 kujiunga: Wanjiru Nya. kiti 6 analipa kuanzia R2 (28 Feb), chungu R5 (31 May). Idhini 1/2.\n1. Idhinisha", swahili[4]);
        Assert.Contains("2. J1 join: Wanjiru Nya. from R2 (1/2)", english[1]);
        Assert.StartsWith("CON J1 join: Wanjiru Nya. seat 6 pays from R2 (28 Feb), pot R5 (31 May). Approvals 1/2.\n1. Approve", english[2]);
        Assert.StartsWith("CON Enter your 4-digit PIN to approve J1:", english[3]);
        Assert.Contains("You approved J1 (2 of 2). Wanjiru Nyambura-Kamau Wairimu is in the cycle: pays from round 2 (28 Feb 2026), pot in new round 5 (31 May 2026).", english[4]);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "cycle_joins", $"member_id = {joiner.Id}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'join.approve' AND channel = 'ussd' AND actor_member_id = {demo.Grace.Id}"));
    }

    [Fact]
    public async Task The_dashboard_lists_rule_changes_and_joins_and_an_approval_there_completes_the_quorum_as_in_the_chat()
    {
        var demo = await Demo.LoadAsync(factory);
        var esther = await AddMemberAsync(demo, "Esther Njeri", 5);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");
        await channels.WhatsAppAsync(Phones.Patrick, "JOIN 5");
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var approve = new Dictionary<string, string> { ["decision"] = "approve" };

        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var page = await grace.GetAsync(approvals);
        Assert.Contains(
            "<dt>Change</dt><dd>the late fine to KES 200</dd><dt>Proposed by</dt><dd>Patrick Ochieng</dd><dt>Approvals</dt><dd>1 of 2</dd><dt>Decided</dt><dd>Patrick Ochieng (approve)</dd>",
            page.Text,
            StringComparison.Ordinal);
        Assert.Contains("J1: Esther Njeri joins the running cycle", page.Text, StringComparison.Ordinal);
        Assert.Contains(
            "<dt>Member</dt><dd>Esther Njeri (seat 5)</dd><dt>Pays</dt><dd>KES 10,000 from round 2 (due 28 Feb 2026)</dd><dt>Receives</dt><dd>the pot in a new round 5 on 31 May 2026</dd>",
            page.Text,
            StringComparison.Ordinal);

        var bare = await grace.PostAsync($"{approvals}/J1", new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, bare.Status);
        var unsigned = await grace.PostAsync($"{approvals}/R1", approve, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.Status);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes", $"subject_kind = 'Rule' AND officer_member_id = {demo.Grace.Id}"));

        var rule = await grace.PostAsync($"{approvals}/R1", approve);
        Assert.Equal(HttpStatusCode.OK, rule.Status);
        Assert.Contains("Your approval of R1 is recorded and it has its quorum: the rule change is in force as a new constitution version.", rule.Text, StringComparison.Ordinal);
        Assert.Equal(Money.Kes(200), (await factory.Get<ConstitutionStore>().GetVersionsAsync(demo.Chama.Id))[^1].Rules.LateFine);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'rule.approve' AND channel = 'dashboard' AND actor_member_id = {demo.Grace.Id}"));
        Assert.Contains("R1 is not waiting for a decision.", (await grace.PostAsync($"{approvals}/R1", approve)).Text, StringComparison.Ordinal);

        var join = await grace.PostAsync($"{approvals}/J1", approve);
        Assert.Contains("the member is in the running cycle now", join.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing is waiting for approval.", join.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"subject_kind = 'Join' AND officer_member_id = {demo.Grace.Id} AND channel = 'dashboard'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'member.joined_cycle' AND channel = 'dashboard'"));
        Assert.Contains(await factory.Get<Outbox>().ListForPhoneAsync(esther.Phone), m => m.IdempotencyKey == $"cycle-join:1:{esther.Id}");
        Assert.Contains(await factory.Get<Outbox>().ListForPhoneAsync(demo.Patrick.Phone), m => m.IdempotencyKey == $"cycle-join:1:joined:{demo.Patrick.Id}");
    }

    [Fact]
    public async Task A_rejected_rule_change_and_a_join_no_longer_possible_are_not_listed()
    {
        var demo = await Demo.LoadAsync(factory);
        await AddMemberAsync(demo, "Esther Njeri", 5);
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 2, 1, 9, 0, 0, NairobiTime.Offset));
        await channels.WhatsAppAsync(Phones.Patrick, "RULE FINE 200");
        await channels.WhatsAppAsync(Phones.Patrick, "JOIN 5");
        var rules = factory.Get<ConstitutionStore>();
        var joins = factory.Get<CycleJoinStore>();
        Assert.Equal(["R1"], (await rules.GetOpenAsync(demo.Chama.Id)).Select(r => r.Code));
        Assert.Equal([("J1", 2, 5)], (await joins.GetOpenAsync(demo.Chama.Id)).Select(j => (j.Proposal.Code, j.FirstRound.Number, j.OwnRound.Number)));

        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        await grace.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"));
        var rejected = await grace.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, "approvals/R1"), new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = "not this year" });
        Assert.Contains("Your rejection of R1 is recorded: it is closed and changes nothing.", rejected.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("R1: change to the constitution", rejected.Text, StringComparison.Ordinal);
        Assert.Empty(await rules.GetOpenAsync(demo.Chama.Id));
        Assert.Single(await rules.GetVersionsAsync(demo.Chama.Id));

        // Once every round of the cycle has fallen due there is none left to join from: an approval would be refused.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 1, 9, 0, 0, NairobiTime.Offset));
        Assert.Empty(await joins.GetOpenAsync(demo.Chama.Id));
        Assert.Contains("Nothing is waiting for approval.", await channels.WhatsAppAsync(Phones.Grace, "APPROVALS"));
    }

    private Task<Member> AddMemberAsync(Demo demo, string name, int seat, MemberRoles roles = MemberRoles.Member, Language language = Language.En) =>
        factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember(name, $"07000000{seat:00}", seat, roles, language), Actor.System("test"));
}

public sealed class SqliteProposalApprovalTests() : ProposalApprovalTests(Engine.Sqlite);

public sealed class PostgresProposalApprovalTests() : ProposalApprovalTests(Engine.Postgres);
