using Chama.Conversations;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Welfare;

namespace Chama.Bot.Tests;

/// <summary>Every USSD screen fits the gateway's 182 characters, in both languages, with the longest names a chama may have.</summary>
public sealed class UssdScreenTests : IDisposable
{
    private const int GatewayLimit = 182;
    private static readonly Actor Test = Actor.System("test");
    private readonly BotFactory factory = new();
    private int sessions;

    public void Dispose() => factory.Dispose();

    public static TheoryData<Language> Languages() => [Language.En, Language.Sw];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Every_screen_fits_with_the_longest_names(Language language)
    {
        var (officer, member) = await SeedLongNamedChamaAsync(language);
        var reason = new string('r', WelfareRequest.MaxReasonLength);
        string[][] walks =
        [
            ["", "1", "2", "250000", "1"],
            ["", "1", "1", "2"],
            ["", "1", "4", "250000", "1"],
            ["", "8"],
            ["", "2"],
            ["", "3"],
            ["", "4", "1", "250000", reason, "1"],
            ["", "4", "2", "x", "0", "0", "0"],
            ["", "6", "1", "2", reason],
            ["", "6", "1", "1"],
            ["", "5"],
            ["", "9"],
            ["", "7", "2", "1"],
        ];

        var screens = new List<string>();
        foreach (var walk in walks)
        {
            screens.AddRange(await WalkAsync(officer.Phone, walk));
        }

        screens.AddRange(await WalkAsync(member.Phone, ["", "6"]));
        screens.AddRange(await WalkAsync(PhoneNumber.Parse(Phones.Stranger), [""]));

        Assert.True(screens.Count > 30);
        Assert.All(screens, screen => Assert.True(screen.Length + "CON ".Length <= GatewayLimit, $"{screen.Length + 4} characters:\n{screen}"));
    }

    /// <summary>Runs the screens through the engine itself, so the endpoint's last-resort cut cannot hide a long one.</summary>
    private async Task<List<string>> WalkAsync(PhoneNumber phone, string[] inputs)
    {
        var engine = factory.Get<ConversationEngine>();
        var sessionId = $"ATUid_screen_{++sessions}";
        var screens = new List<string>();
        var typed = new List<string>();
        foreach (var input in inputs)
        {
            if (input.Length > 0)
            {
                typed.Add(input);
            }

            var text = string.Join('*', typed);
            var reply = await engine.HandleAsync(new Inbound(Channel.Ussd, sessionId, phone, text, $"{sessionId}:{text}"));
            screens.Add(reply.Text);
            if (reply.EndsSession)
            {
                break;
            }
        }

        return screens;
    }

    /// <summary>A chama with an 80-character name whose 60-character-named members are in a second chama too, with a full pot and a welfare request waiting.</summary>
    private async Task<(Member Officer, Member Member)> SeedLongNamedChamaAsync(Language language)
    {
        _ = factory.Server;
        var chamas = factory.Get<ChamaStore>();
        var longName = new string('W', NewMember.MaxNameLength);
        var chama = await chamas.CreateChamaAsync(new string('C', 80), "LONG", Constitution.Monthly(Money.Kes(250_000)) with { WelfareLevy = Money.Kes(100_000) }, Test);
        var members = new List<Member>();
        for (var seat = 1; seat <= 8; seat++)
        {
            var roles = seat <= 3 ? MemberRoles.Treasurer : MemberRoles.Member;
            members.Add(await chamas.AddMemberAsync(chama.Id, new NewMember($"{longName[..^1]}{seat}", $"07050000{seat:00}", seat, roles, language), Test));
        }

        var other = await chamas.CreateChamaAsync(new string('D', 80), "LONG2", Constitution.Monthly(Money.Kes(100)), Test);
        await chamas.AddMemberAsync(other.Id, new NewMember(longName, members[1].Phone.E164, 1, MemberRoles.Chair, language), Test);
        await factory.Get<CycleStore>().StartCycleAsync(other.Id, new DateOnly(2026, 1, 31), Test);

        var cycle = await factory.Get<CycleStore>().StartCycleAsync(chama.Id, new DateOnly(2026, 1, 31), Test);
        var round = (await factory.Get<CycleStore>().GetRoundsAsync(cycle.Id))[0];
        var ledger = factory.Get<ContributionLedger>();
        for (var i = 0; i < members.Count; i++)
        {
            await ledger.RecordAsync(new ContributionRequest(round.Id, members[i].Id, Money.Kes(250_000), $"QKJ4HT8L{i:00}"), Test);
        }

        await factory.Get<WelfareLedger>().RecordContributionAsync(members[0].Id, Money.Kes(250_000), "QKJ4HT8W99", Test);
        await factory.Get<WelfareLedger>().RequestAsync(members[7].Id, WelfareKind.Emergency, Money.Kes(250_000), new string('r', 140), Test);
        return (members[1], members[7]);
    }
}
