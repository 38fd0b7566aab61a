using System.Net;
using Chama.Bot.Dashboard;
using Chama.Bot.Tests.Dashboard;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Welfare;
using Dapper;

namespace Chama.Bot.Tests;

/// <summary>
/// Quorums that can always be reached (every door refuses a deadlock, and says what would fix it) and welfare requests
/// that tell the truth about the fund, through the real HTTP pipeline.
/// </summary>
public sealed class QuorumAndWelfareFundTests : IDisposable
{
    private readonly BotFactory factory = new();
    private readonly Channels channels;

    public QuorumAndWelfareFundTests() => channels = new Channels(factory.CreateClient());

    public void Dispose() => factory.Dispose();

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(Member member) => factory.Get<Outbox>().ListForPhoneAsync(member.Phone);

    [Fact]
    public async Task A_quorum_the_officers_could_not_reach_on_their_own_pots_is_refused_saying_what_would_fix_it()
    {
        var reply = await channels.WhatsAppAsync(Phones.Patrick, "RULE QUORUM 3");

        Assert.StartsWith(
            "A payout to Grace Wanjiku, Patrick Ochieng, Diana Mwangi could never be approved: 3 officers' approvals are required and only 2 other officers may approve it. " +
            "Nothing was changed. To fix it, lower the approvals required to 2 (RULE QUORUM 2), or make 1 more member officer.",
            reply);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "constitution_proposals"));
    }

    [Fact]
    public async Task An_officers_exit_that_would_leave_pots_without_their_quorum_is_refused_in_the_officers_language()
    {
        var reply = await channels.WhatsAppAsync(Phones.Diana, "ONDOA 2 amehamia Kisumu");

        Assert.StartsWith(
            "Malipo kwa Grace Wanjiku, Diana Mwangi hayangeweza kuidhinishwa kamwe: idhini za viongozi 2 zinahitajika na ni viongozi wengine 1 tu wanaoweza kuyaidhinisha. Hakuna kilichobadilishwa.",
            reply);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "member_exits"));
    }

    [Fact]
    public async Task A_welfare_request_for_more_than_the_fund_holds_is_refused_saying_what_it_holds()
    {
        await (await Demo.LoadAsync(factory)).FundWelfareAsync(factory, 3_000);
        await channels.WhatsAppAsync(Phones.Samuel, "WELFARE");
        await channels.WhatsAppAsync(Phones.Samuel, "2");

        var refused = await channels.WhatsAppAsync(Phones.Samuel, "5,000");

        Assert.StartsWith(
            "The welfare fund holds KES 3,000 now (after payouts already on their way), less than KES 5,000: it cannot pay this request. Enter an amount up to KES 3,000, or 0 to go back.",
            refused);
        Assert.Contains("what happened", await channels.WhatsAppAsync(Phones.Samuel, "3,000"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "welfare_requests"));
    }

    [Fact]
    public async Task On_USSD_a_welfare_amount_beyond_the_fund_is_refused_on_one_screen_and_a_smaller_one_goes_on()
    {
        await (await Demo.LoadAsync(factory)).FundWelfareAsync(factory, 3_000);
        await channels.UssdAsync("ATUid_w", Phones.Samuel, "");
        await channels.UssdAsync("ATUid_w", Phones.Samuel, "4");
        await channels.UssdAsync("ATUid_w", Phones.Samuel, "4*2");

        Assert.Equal(
            "CON The welfare fund can pay KES 3,000 now, less than KES 5,000. Enter up to KES 3,000.\n0. Back",
            await channels.UssdAsync("ATUid_w", Phones.Samuel, "4*2*5000"));
        Assert.StartsWith("CON ", await channels.UssdAsync("ATUid_w", Phones.Samuel, "4*2*5000*3000"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "welfare_requests"));
    }

    [Fact]
    public async Task A_welfare_request_the_fund_can_no_longer_pay_is_closed_and_its_requester_and_the_officers_are_told()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FundWelfareAsync(factory, 3_000);
        var welfare = factory.Get<WelfareLedger>();
        var first = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Hospital, Money.Kes(2_000), "Clinic bill", Actor.System("test"));
        var second = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Funeral, Money.Kes(2_000), "Burial", Actor.System("test"));
        Assert.Contains($"W{second.Id} KES 2,000 Samuel Kimani, fund KES 3,000 (0/2)", await channels.WhatsAppAsync(Phones.Grace, "APPROVALS"));
        await channels.WhatsAppAsync(Phones.Grace, $"APPROVE W{first.Id}");
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE W{first.Id}");
        await channels.WhatsAppAsync(Phones.Grace, $"APPROVE W{second.Id}");

        var closed = await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE W{second.Id}");

        Assert.StartsWith(
            $"W{second.Id}, Samuel Kimani's welfare request for KES 2,000, is closed unpaid: the welfare fund holds only KES 1,000 now (Rule ",
            closed);
        Assert.Contains("No approval can pay it; the member may ask again.", closed);
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.Body.Contains($"W{second.Id}, Samuel Kimani's welfare request for KES 2,000, is closed unpaid", StringComparison.Ordinal)
            && m.Body.Contains("You may ask again", StringComparison.Ordinal));
        Assert.Contains(await OutboxAsync(demo.Grace), m => m.IdempotencyKey == $"welfare-closed:{second.Id}:{demo.Grace.Id}");
        Assert.Contains(await OutboxAsync(demo.Diana), m => m.Body.StartsWith($"W{second.Id}, ombi la ustawi la Samuel Kimani la KES 2,000, limefungwa bila kulipwa", StringComparison.Ordinal));
        Assert.DoesNotContain(await OutboxAsync(demo.Patrick), m => m.IdempotencyKey.StartsWith("welfare-closed:", StringComparison.Ordinal));
        Assert.DoesNotContain($"W{second.Id}", await channels.WhatsAppAsync(Phones.Grace, "APPROVALS"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "welfare_request_closures", $"request_id = {second.Id} AND fund_minor = 100000"));
    }

    [Fact]
    public async Task Taking_away_a_role_the_quorum_needs_is_refused_on_the_dashboard_and_changes_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Grace);

        var page = await browser.PostAsync(
            DashboardLayout.Href(demo.Chama.Id, $"members/{demo.Patrick.Id}"),
            new Dictionary<string, string> { ["name"] = demo.Patrick.Name, ["phone"] = Phones.Patrick, ["seat"] = "2", ["language"] = "En" });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("A payout to Grace Wanjiku, Diana Mwangi could never be approved", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "members", $"id = {demo.Patrick.Id} AND roles = {(int)MemberRoles.Chair}"));
    }

    [Fact]
    public async Task On_the_dashboard_an_approval_the_fund_can_no_longer_pay_closes_the_request()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FundWelfareAsync(factory, 6_000);
        var welfare = factory.Get<WelfareLedger>();
        var request = await welfare.RequestAsync(demo.Samuel.Id, WelfareKind.Funeral, Money.Kes(5_000), "Burial in Kisumu", Actor.System("test"));
        await welfare.PayAsync(demo.Chama.Id, null, Money.Kes(2_000), "UAW3BC2DE4", Actor.System("test"));
        await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE W{request.Id}");
        var browser = new DashboardClient(factory);
        await browser.SignInAsync(Phones.Grace);

        var page = await browser.PostAsync(DashboardLayout.Href(demo.Chama.Id, $"approvals/W{request.Id}"), new Dictionary<string, string> { ["decision"] = "approve" });

        Assert.Equal(HttpStatusCode.Conflict, page.Status);
        Assert.Contains($"<p class=\"error\" role=\"alert\">W{request.Id}, Samuel Kimani", page.Text, StringComparison.Ordinal);
        Assert.Contains("welfare request for KES 5,000, is closed unpaid: the welfare fund holds only KES 4,000 now", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain($"<h2 id=\"h-W{request.Id}\">", page.Text, StringComparison.Ordinal);
        Assert.Contains(await OutboxAsync(demo.Samuel), m => m.IdempotencyKey == $"welfare-closed:{request.Id}:{demo.Samuel.Id}");
        Assert.Contains(await OutboxAsync(demo.Patrick), m => m.IdempotencyKey == $"welfare-closed:{request.Id}:{demo.Patrick.Id}");
    }

    [Fact]
    public async Task The_dashboard_shows_the_fund_beside_a_welfare_request_and_warns_of_a_quorum_that_cannot_be_reached()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FundWelfareAsync(factory, 3_000);
        await factory.Get<WelfareLedger>().RequestAsync(demo.Samuel.Id, WelfareKind.Hospital, Money.Kes(2_000), "Clinic bill", Actor.System("test"));
        var browser = new DashboardClient(factory);
        var home = await browser.SignInAsync(Phones.Patrick);
        Assert.DoesNotContain("Warning:", home.Text, StringComparison.Ordinal);

        var approvals = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, "approvals"));
        Assert.Contains("<dt>Welfare fund</dt><dd>KES 3,000 (after payouts on their way)</dd>", approvals.Text, StringComparison.Ordinal);

        // A chama left with two officers before the doors refused it: Grace's and Patrick's pots cannot reach two approvals.
        await using (var connection = factory.Storage.Connect())
        {
            await connection.ExecuteAsync("UPDATE members SET roles = 0 WHERE id = @Id;", new { demo.Diana.Id });
        }

        var warned = await browser.GetAsync(DashboardLayout.Href(demo.Chama.Id, ""));
        Assert.Contains("<strong>Warning:</strong> A payout to Grace Wanjiku, Patrick Ochieng could never be approved", warned.Text, StringComparison.Ordinal);
    }
}
