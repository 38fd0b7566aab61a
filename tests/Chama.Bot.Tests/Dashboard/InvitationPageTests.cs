using System.Net;
using System.Text.RegularExpressions;
using Chama.Bot.Dashboard;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;

namespace Chama.Bot.Tests.Dashboard;

/// <summary>
/// Invitations from the dashboard: one at a time, or a pasted list or CSV file previewed row by row before anything is
/// sent; the same rules and messages as INVITE in the chat, and a form submitted twice invites once.
/// </summary>
public sealed partial class InvitationPageTests : IDisposable
{
    private const string Chair = "+254712000011";

    private readonly BotFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task An_officer_invites_one_phone_and_the_same_form_sent_twice_invites_once()
    {
        var (chama, officer) = await SignedInChairAsync();
        var path = DashboardLayout.Href(chama.Id, InvitationPages.Path);
        var page = await officer.GetAsync(path);
        var form = new Dictionary<string, string>
        {
            ["key"] = Hidden(page.Html, "key"),
            ["phone"] = "0700000005",
            ["seat"] = "3",
            ["role"] = "treasurer",
            ["name"] = "Esther Njeri",
            ["language"] = "Sw",
        };

        var sent = await officer.PostAsync(path, form);
        var again = await officer.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Contains("Invitation sent to +2547******05 for seat 3.", sent.Text);
        Assert.Contains("Invitation sent to +2547******05 for seat 3.", again.Text);
        Assert.StartsWith("Habari! Wanjiru Kamau anakualika ujiunge na Jirani Women Group kwenye Chama.Bot, kiti 3 kama mweka hazina.", Assert.Single(await OutboxAsync("+254700000005")).Body);
        Assert.Contains("<td>3</td><td>+2547******05</td><td>Esther Njeri</td><td>treasurer</td><td>Wanjiru Kamau</td>", again.Text);
        Assert.Contains("<td>waiting</td>", again.Html);

        form["key"] = Hidden(again.Html, "key");
        var refused = await officer.PostAsync(path, form);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("That phone was already invited", refused.Text);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "invitations"));
    }

    [Fact]
    public async Task A_pasted_list_is_previewed_row_by_row_and_sent_only_when_confirmed()
    {
        var (chama, officer) = await SignedInChairAsync();
        var path = DashboardLayout.Href(chama.Id, InvitationPages.Path);
        await officer.GetAsync(path);

        var clash = await officer.PostAsync($"{path}/preview", new Dictionary<string, string> { ["list"] = "0700000005,3,treasurer,Esther Njeri\n0700000006,4\n0700000007,3" });
        Assert.Equal(HttpStatusCode.BadRequest, clash.Status);
        Assert.Contains("Seat 3 already has an invitation waiting for its answer. Nothing was sent.", clash.Text);
        Assert.Contains("Invites +2547******06 to seat 4", clash.Text);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "invitations"));

        var preview = await officer.PostAsync($"{path}/preview", new Dictionary<string, string> { ["list"] = "0700000005,3,treasurer,Esther Njeri\n0700000006,4" });
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("Invites +2547******05 to seat 3 as treasurer", preview.Text);
        Assert.Contains("Send these 2 invitations", preview.Text);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "outbound_messages", "template = 'invitation'"));

        var confirm = new Dictionary<string, string> { ["key"] = Hidden(preview.Html, "key"), ["language"] = Hidden(preview.Html, "language"), ["list"] = Hidden(preview.Html, "list") };
        var done = await officer.PostAsync($"{path}/confirm", confirm);
        var twice = await officer.PostAsync($"{path}/confirm", confirm);

        Assert.Contains("2 invitations sent.", done.Text);
        Assert.Contains("2 invitations sent.", twice.Text);
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "invitations", "status = 'Pending'"));
        Assert.Equal(2, await DatabaseProbe.CountAsync(factory, "outbound_messages", "template = 'invitation'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "invitations", "phone = '+254700000005' AND roles = 1 AND name = 'Esther Njeri'"));
    }

    [Fact]
    public async Task An_uploaded_csv_file_is_previewed_like_a_pasted_list()
    {
        var (chama, officer) = await SignedInChairAsync();
        var path = DashboardLayout.Href(chama.Id, InvitationPages.Path);
        await officer.GetAsync(path);

        var preview = await officer.PostFileAsync($"{path}/preview", "file", "members.csv", "phone,seat,role,name\n0700000005,3,,Esther Njeri\n0700000006,4,katibu,\n");

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("Invites +2547******05 to seat 3", preview.Text);
        Assert.Contains("Invites +2547******06 to seat 4 as secretary", preview.Text);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "invitations"));
    }

    [Fact]
    public async Task A_list_that_cannot_be_read_sends_nothing()
    {
        var (chama, officer) = await SignedInChairAsync();
        var path = DashboardLayout.Href(chama.Id, InvitationPages.Path);
        await officer.GetAsync(path);

        var preview = await officer.PostAsync($"{path}/preview", new Dictionary<string, string> { ["list"] = "0700000005,three\n0700000006,4,boss" });

        Assert.Equal(HttpStatusCode.BadRequest, preview.Status);
        Assert.Contains("Write INVITE, the phone, the seat", preview.Text);
        Assert.DoesNotContain("Send these", preview.Text);
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "invitations"));
    }

    private async Task<(ChamaGroup Chama, DashboardClient Officer)> SignedInChairAsync()
    {
        var chamas = factory.Get<ChamaStore>();
        var jirani = await chamas.CreateChamaAsync("Jirani Women Group", "JIRANI", Constitution.Monthly(Money.Kes(5_000)), Actor.System("test"));
        await chamas.AddMemberAsync(jirani.Id, new NewMember("Wanjiru Kamau", Chair, 1, MemberRoles.Chair), Actor.System("test"));
        var officer = new DashboardClient(factory);
        await officer.SignInAsync(Chair);
        return (jirani, officer);
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Assert.IsType<Match>(HiddenField().Matches(html).FirstOrDefault(m => m.Groups[1].Value == name)).Groups[2].Value);

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(string phone) => factory.Get<Outbox>().ListForPhoneAsync(PhoneNumber.Parse(phone));
}
