using System.Net;
using Chama.Bot.Dashboard;
using Chama.Core;
using Chama.Data.ShareOuts;
using Chama.Tests;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>The share-out page proposes the share-out as the chat's SHAREOUT does, and the approvals page decides it.</summary>
public abstract class ShareOutPageTests(Engine engine) : IDisposable
{
    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_officer_proposes_the_share_out_on_the_page_and_two_officers_carry_it_on_the_approvals_page()
    {
        var demo = await Demo.LoadAsync(factory);
        await SavingsRows.ContributionAsync(factory, demo.Chama.Id, demo.Grace.Id, "Savings", 300_000, "QKJ4HT8SV1");
        await SavingsRows.ContributionAsync(factory, demo.Chama.Id, demo.Samuel.Id, "Savings", 100_000, "QKJ4HT8SV2");
        var page = DashboardLayout.Href(demo.Chama.Id, ShareOutPages.Path);
        var approvals = DashboardLayout.Href(demo.Chama.Id, "approvals");
        var grace = new DashboardClient(factory);
        await grace.SignInAsync(Phones.Grace);
        Assert.Contains("No share-out is waiting for the officers", (await grace.GetAsync(page)).Text, StringComparison.Ordinal);

        var proposed = await grace.PostAsync(page, new Dictionary<string, string>());
        var code = (await factory.Get<ShareOutStore>().LatestAsync(demo.Chama.Id))!.Code;
        var again = await grace.PostAsync(page, new Dictionary<string, string>());

        Assert.Contains($"share-out {code} is proposed", proposed.Text, StringComparison.Ordinal);
        Assert.Contains("<td>Samuel Kimani</td><td class=\"n\">KES 1,000</td>", proposed.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains($"Share-out {code} is waiting for the officers' decision", again.Text, StringComparison.Ordinal);
        Assert.Contains($"{code}: year-end share-out", (await grace.GetAsync(approvals)).Text, StringComparison.Ordinal);

        await grace.PostAsync($"{approvals}/{code}", new Dictionary<string, string> { ["decision"] = "approve" });
        var patrick = new DashboardClient(factory);
        await patrick.SignInAsync(Phones.Patrick);
        await patrick.GetAsync(approvals);
        var carried = await patrick.PostAsync($"{approvals}/{code}", new Dictionary<string, string> { ["decision"] = "approve" });

        Assert.Contains("every member is told their payout", carried.Text, StringComparison.Ordinal);
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "disbursements", "kind = 'ShareOut'"));
        Assert.Contains("approved; payouts on their way", (await patrick.GetAsync(page)).Text, StringComparison.Ordinal);
    }
}

public sealed class SqliteShareOutPageTests() : ShareOutPageTests(Engine.Sqlite);

public sealed class PostgresShareOutPageTests() : ShareOutPageTests(Engine.Postgres);
