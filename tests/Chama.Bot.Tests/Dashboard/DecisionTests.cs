using System.Net;
using Chama.Bot.Dashboard;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Disbursements;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>Approvals, members and cycles changed on the dashboard, under the rules the chat keeps.</summary>
public abstract class DecisionTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_Swahili_speaking_officer_is_told_the_outcome_on_the_page_in_Swahili_from_the_same_texts_as_the_chat()
    {
        var demo = await Demo.LoadAsync(factory);
        await factory.Get<ChamaStore>().SetLanguageAsync(demo.Patrick, Language.Sw, Actor.System("test"));
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var patrick = new DashboardClient(factory);
        await patrick.SignInAsync(Phones.Patrick);
        await patrick.GetAsync(approvals);

        var approved = await patrick.PostAsync($"{approvals}/{code}", new Dictionary<string, string> { ["decision"] = "approve" });
        var twice = await patrick.PostAsync($"{approvals}/{code}", new Dictionary<string, string> { ["decision"] = "approve" });

        Assert.Contains($"Idhini yako ya {code} imerekodiwa (1 kati ya 2).", approved.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Contains($"Tayari umeamua kuhusu {code}.", twice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_on_the_page_keeps_the_chats_rules_and_a_second_officer_completes_it()
    {
        var demo = await Demo.LoadAsync(factory);
        var secretary = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5, MemberRoles.Secretary), Actor.System("test"));
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var approve = new Dictionary<string, string> { ["decision"] = "approve" };

        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        await grace.GetAsync(approvals);
        var own = await grace.PostAsync($"{approvals}/{code}", approve);
        Assert.Equal(HttpStatusCode.Conflict, own.Status);
        Assert.Contains($"You cannot decide on {code}: the payout is to you.", own.Text, StringComparison.Ordinal);

        Assert.Contains($"You approved {code} (1 of 2).", await new Channels(factory.CreateClient()).WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"), StringComparison.Ordinal);
        var patrick = new DashboardClient(factory);
        await patrick.SignInAsync(Phones.Patrick);
        await patrick.GetAsync(approvals);
        var twice = await patrick.PostAsync($"{approvals}/{code}", approve);
        Assert.Contains($"You have already decided on {code}.", twice.Text, StringComparison.Ordinal);

        var esther = new DashboardClient(factory);
        await esther.SignInAsync(secretary.Phone.E164);
        var listed = await esther.GetAsync(approvals);
        Assert.Contains("<dt>Approvals</dt><dd>1 of 2</dd><dt>Decided</dt><dd>Patrick Ochieng (approve)</dd>", listed.Text, StringComparison.Ordinal);
        var complete = await esther.PostAsync($"{approvals}/{code}", approve);

        Assert.Equal(HttpStatusCode.OK, complete.Status);
        Assert.Contains($"Your approval of {code} is recorded and it has its quorum: the payout is queued.", complete.Text, StringComparison.Ordinal);
        var payout = Assert.Single(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[0].Id));
        Assert.Equal((Money.Kes(40_000), demo.Grace.ReceivePhone), (payout.Amount, payout.ReceivePhone));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", $"channel = 'dashboard' AND officer_member_id = {secretary.Id}"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'approval.approve' AND channel = 'dashboard' AND actor_member_id = {secretary.Id}"));
        Assert.Contains("Nothing is waiting for approval.", (await esther.GetAsync(approvals)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leavers_round_owed_no_refund_is_divided_on_the_page_and_nothing_is_paid_out()
    {
        var demo = await Demo.LoadAsync(factory);
        await new Channels(factory.CreateClient()).WhatsAppAsync(Phones.Grace, "EXIT 4 moved to Mombasa");
        var n = 0;
        foreach (var member in new[] { demo.Grace, demo.Patrick, demo.Diana })
        {
            await demo.PayAsync(factory, member, 10_000, $"QKJ4HT8N{++n:00}", round: 4);
        }

        var code = $"P{demo.Rounds[3].Id}";
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var approve = new Dictionary<string, string> { ["decision"] = "approve" };
        Assert.Contains($"You approved {code} (1 of 2).", await new Channels(factory.CreateClient()).WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"), StringComparison.Ordinal);
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        Assert.Contains($"{code}: round 4 exit refund, the rest KES 30,000 to welfare", (await grace.GetAsync(approvals)).Text, StringComparison.Ordinal);

        var divided = await grace.PostAsync($"{approvals}/{code}", approve);

        Assert.Contains("The pot is divided: nothing is left to pay out, and the rest is in the welfare fund.", divided.Text, StringComparison.Ordinal);
        Assert.Empty(await factory.Get<DisbursementStore>().ListForSubjectAsync(ApprovalKind.Pot, demo.Rounds[3].Id));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "exit_settlements", "refund_minor = 0 AND to_welfare_minor = 3000000"));
    }

    [Fact]
    public async Task A_rejection_on_the_page_needs_a_reason_and_closes_the_request()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var code = $"P{demo.Rounds[0].Id}";
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        await browser.GetAsync(approvals);

        var bare = await browser.PostAsync($"{approvals}/{code}", new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, bare.Status);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));

        var rejected = await browser.PostAsync($"{approvals}/{code}", new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = "meeting not held yet" });

        Assert.Contains($"Your rejection of {code} is recorded: it is closed and changes nothing.", rejected.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "decision_votes", "decision = 'Reject' AND reason = 'meeting not held yet' AND channel = 'dashboard'"));
        Assert.Contains("Nothing is waiting for approval.", rejected.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_posted_without_its_token_is_refused_and_changes_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        var page = await browser.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, $"approvals/P{demo.Rounds[0].Id}"), new Dictionary<string, string> { ["decision"] = "approve" }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("This form has expired or did not come from the dashboard. Nothing was changed.", page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
    }

    [Fact]
    public async Task A_token_from_another_session_is_refused()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var stranger = new DashboardClient(factory);
        var foreignToken = System.Text.RegularExpressions.Regex.Match((await stranger.GetAsync("/dashboard/sign-in")).Html, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);

        var page = await browser.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, $"approvals/P{demo.Rounds[0].Id}"),
            new Dictionary<string, string> { ["decision"] = "approve", ["__csrf"] = System.Net.WebUtility.HtmlDecode(foreignToken) },
            withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
    }

    [Fact]
    public async Task Members_are_added_corrected_and_recorded_as_leaving_with_the_stores_validation()
    {
        var demo = await Demo.LoadAsync(factory);
        var members = DashboardLayout.Href(demo.Chama.Id, "members");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Patrick);
        await browser.GetAsync(members);

        var added = await browser.PostAsync(members, new Dictionary<string, string> { ["name"] = "Esther Njeri", ["phone"] = "0700 000 005", ["seat"] = "5", ["language"] = "Sw", ["roles"] = "Secretary" });
        // One officer adds a plain member: the role asked for is proposed to the officers' quorum, not given.
        Assert.Contains("The member is added. Roles and payout phones change only with the officers' approval; waiting on the Approvals page: O1.", added.Text, StringComparison.Ordinal);
        var esther = (await factory.Get<ChamaStore>().GetMembersAsync(demo.Chama.Id)).Single(m => m.Seat == 5);
        Assert.Equal(("+254700000005", MemberRoles.Member, Language.Sw), (esther.Phone.E164, esther.Roles, esther.Language));

        var before = await DatabaseProbe.SnapshotAsync(factory);
        var seatTaken = await browser.PostAsync(members, new Dictionary<string, string> { ["name"] = "Someone", ["phone"] = "0700000006", ["seat"] = "2", ["language"] = "En" });
        var badPhone = await browser.PostAsync($"{members}/{esther.Id}", new Dictionary<string, string> { ["name"] = "Esther Njeri", ["phone"] = "07", ["seat"] = "5", ["language"] = "Sw" });
        var samePhone = await browser.PostAsync($"{members}/{esther.Id}", new Dictionary<string, string> { ["name"] = "Esther Njeri", ["phone"] = Phones.Diana, ["seat"] = "5", ["language"] = "Sw" });
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (seatTaken.Status, badPhone.Status, samePhone.Status));
        Assert.Contains("Seat 2 is already taken by Patrick Ochieng.", seatTaken.Text, StringComparison.Ordinal);
        Assert.Contains("is already a member of this chama.", samePhone.Text, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        var edited = await browser.PostAsync($"{members}/{esther.Id}", new Dictionary<string, string>
        {
            ["name"] = "Esther Njeri", ["phone"] = "0700000005", ["receive_phone"] = "0700 000 015", ["seat"] = "6", ["language"] = "En", ["roles"] = "Treasurer",
        });
        Assert.Contains("The member's details are saved. Roles and payout phones change only with the officers' approval; waiting on the Approvals page: O2, N3.", edited.Text, StringComparison.Ordinal);
        var after = (await factory.Get<ChamaStore>().FindMemberAsync(esther.Id))!;
        Assert.Equal(("+254700000005", 6, MemberRoles.Member, Language.En), (after.ReceivePhone.E164, after.Seat, after.Roles, after.Language));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'member.updated' AND channel = 'dashboard' AND subject = 'member:5 seat:5->6 language:En'"));

        // The new payout phone is told to the member and to the officer who did not propose it, who is asked to decide.
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'member-change:N3:proposed:%' AND phone = '+254700000005' AND body LIKE '%payouts go to +254700000015%'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"idempotency_key LIKE 'member-change:N3:proposed:%' AND member_id = {demo.Grace.Id} AND body LIKE '%APPROVE N3%'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"idempotency_key LIKE 'member-change:%' AND member_id = {demo.Patrick.Id}"));

        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        var approvals = await grace.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"));
        Assert.Contains("N3: Esther Njeri's M-Pesa payout phone", approvals.Text, StringComparison.Ordinal);
        var made = await grace.PostAsync(DashboardLayout.Href(demo.Chama.Id, "approvals/N3"), new Dictionary<string, string> { ["decision"] = "approve" });
        Assert.Contains("Your approval of N3 is recorded and it has its quorum: the new payout phone is in force", made.Text, StringComparison.Ordinal);
        Assert.Equal("+254700000015", (await factory.Get<ChamaStore>().FindMemberAsync(esther.Id))!.ReceivePhone.E164);
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'member-change:N3:made:%' AND (phone = '+254700000005' OR phone = '+254700000015')"));

        var noReason = await browser.PostAsync($"{members}/{demo.Samuel.Id}/exit", new Dictionary<string, string> { ["reason"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        var left = await browser.PostAsync($"{members}/{demo.Samuel.Id}/exit", new Dictionary<string, string> { ["reason"] = "moved to Mombasa" });
        Assert.Contains("The member's exit is recorded.", left.Text, StringComparison.Ordinal);
        Assert.False((await factory.Get<ChamaStore>().FindMemberAsync(demo.Samuel.Id))!.Active);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "member_exits"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"idempotency_key LIKE 'member-exit:%' AND member_id = {demo.Samuel.Id}"));
    }

    [Fact]
    public async Task A_member_outside_the_running_cycle_is_proposed_to_join_it_from_the_page_and_officers_decide_by_reply()
    {
        var demo = await Demo.LoadAsync(factory);
        var esther = await factory.Get<ChamaStore>().AddMemberAsync(demo.Chama.Id, new NewMember("Esther Njeri", "0700000005", 5), Actor.System("test"));
        var members = DashboardLayout.Href(demo.Chama.Id, "members");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Grace);

        var page = await browser.GetAsync(members);
        Assert.Contains("Propose that Esther Njeri joins the running cycle now", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Propose that Diana Mwangi joins", page.Text, StringComparison.Ordinal);

        var proposed = await browser.PostAsync($"{members}/{esther.Id}/join", new Dictionary<string, string>());
        Assert.Contains("The proposal that the member joins the running cycle is recorded", proposed.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"idempotency_key = 'cycle-join:1:proposed:{demo.Patrick.Id}'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", "action = 'join.proposed' AND channel = 'dashboard'"));

        var before = await DatabaseProbe.SnapshotAsync(factory);
        var again = await browser.PostAsync($"{members}/{esther.Id}/join", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("Joining the running cycle is already proposed for seat 5 as J1", again.Text, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        Assert.Contains("You approved J1 (2 of 2).", await new Channels(factory.CreateClient()).WhatsAppAsync(Phones.Patrick, "APPROVE J1"), StringComparison.Ordinal);
        Assert.DoesNotContain("Propose that Esther Njeri joins", (await browser.GetAsync(members)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cycle_is_started_from_the_page_only_when_none_is_running()
    {
        var demo = await Demo.LoadAsync(factory);
        var cycle = DashboardLayout.Href(demo.Chama.Id, "cycle");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Grace);
        await browser.GetAsync(cycle);

        var running = await browser.PostAsync(cycle, new Dictionary<string, string> { ["starts_on"] = "2026-05-31" });
        Assert.Equal(HttpStatusCode.Conflict, running.Status);
        Assert.Contains("Cycle 1 is still running", running.Text, StringComparison.Ordinal);

        await factory.Get<Chama.Data.Cycles.CycleStore>().CloseCycleAsync(demo.Rounds[0].CycleId, Actor.System("test"));
        Assert.Contains("<label for=\"starts_on\">First meeting date</label>", (await browser.GetAsync(cycle)).Html, StringComparison.Ordinal);
        var badDate = await browser.PostAsync(cycle, new Dictionary<string, string> { ["starts_on"] = "31/05/2026" });
        Assert.Equal(HttpStatusCode.BadRequest, badDate.Status);

        var past = await browser.PostAsync(cycle, new Dictionary<string, string> { ["starts_on"] = "2026-01-09" });
        Assert.Equal(HttpStatusCode.Conflict, past.Status);
        Assert.Contains("has already passed", past.Text, StringComparison.Ordinal);
        var mistypedYear = await browser.PostAsync(cycle, new Dictionary<string, string> { ["starts_on"] = "2062-05-31" });
        Assert.Contains("more than a year ahead", mistypedYear.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "cycles"));

        var started = await browser.PostAsync(cycle, new Dictionary<string, string> { ["starts_on"] = "2026-05-31" });

        Assert.Contains("Cycle 2, started 31 May 2026", started.Text, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">4</td><td>Samuel Kimani</td><td>31 Aug 2026</td>", started.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'cycle.started' AND channel = 'dashboard' AND actor_member_id = {demo.Grace.Id}"));
    }
}

public sealed class SqliteDecisionTests() : DecisionTests(Engine.Sqlite);

public sealed class PostgresDecisionTests() : DecisionTests(Engine.Postgres);
