using Chama.Bot.Demo;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;

namespace Chama.Bot.Tests;

/// <summary>The seeded Umoja Investment Club, read back through the host's own stores.</summary>
public sealed record Demo(ChamaGroup Chama, IReadOnlyList<Member> Members, IReadOnlyList<Round> Rounds)
{
    public Member Grace => Members[0];
    public Member Patrick => Members[1];
    public Member Diana => Members[2];
    public Member Samuel => Members[3];

    public static async Task<Demo> LoadAsync(BotFactory factory)
    {
        _ = factory.Services;
        var chama = (await factory.Get<ChamaStore>().FindChamaByCodeAsync(DemoSeed.Code))!;
        var members = await factory.Get<ChamaStore>().GetMembersAsync(chama.Id);
        var cycle = (await factory.Get<CycleStore>().FindActiveCycleAsync(chama.Id))!;
        return new Demo(chama, members, await factory.Get<CycleStore>().GetRoundsAsync(cycle.Id));
    }

    /// <summary>Records a payment as the treasurer would, straight into the ledger.</summary>
    public Task PayAsync(BotFactory factory, Member member, long shillings, string receipt, int round = 1) =>
        factory.Get<ContributionLedger>().RecordAsync(new ContributionRequest(Rounds[round - 1].Id, member.Id, Money.Kes(shillings), receipt), Actor.System("test"));

    /// <summary>Everyone pays round 1: its pot is ready for the officers.</summary>
    public async Task FillRoundOneAsync(BotFactory factory)
    {
        var n = 0;
        foreach (var member in Members)
        {
            await PayAsync(factory, member, 10_000, $"QKJ4HT8M{++n:00}");
        }
    }
}
