using Chama.Bot.Demo;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Dapper;

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

    /// <summary>
    /// Puts the chama under a new constitution version: a KES 200 late fine after 3 grace days, flat or (with a cap in
    /// shillings) for each day late.
    /// </summary>
    public async Task WithLateFineAsync(BotFactory factory, long? dailyCap = null)
    {
        await using var connection = factory.Storage.Connect();
        await connection.ExecuteAsync(
            """
            INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                       approvals_required, members_see_pending, grace_days, fines_fund, fine_mode, fine_cap_minor, created_at)
            SELECT chama_id, version + 1, contribution_minor, frequency, welfare_levy_minor, 20000,
                   approvals_required, members_see_pending, 3, 'Welfare', @Mode, @Cap, created_at
            FROM constitutions WHERE chama_id = @Id AND version = (SELECT MAX(version) FROM constitutions WHERE chama_id = @Id);
            """,
            new { Chama.Id, Mode = dailyCap is null ? "Flat" : "PerDay", Cap = (dailyCap ?? 0) * 100 });
        factory.Get<ChamaStore>().Forget(Chama.Id);
    }

    /// <summary>Records a payment as the treasurer would, straight into the ledger.</summary>
    public Task PayAsync(BotFactory factory, Member member, long shillings, string receipt, int round = 1) =>
        factory.Get<ContributionLedger>().RecordAsync(new ContributionRequest(Rounds[round - 1].Id, member.Id, Money.Kes(shillings), receipt), Actor.System("test"));

    /// <summary>Puts money in the welfare fund, as a member's welfare contribution recorded by the treasurer.</summary>
    public Task FundWelfareAsync(BotFactory factory, long shillings, string receipt = "QKJ4HT8WF1") =>
        factory.Get<Chama.Data.Welfare.WelfareLedger>().RecordContributionAsync(Grace.Id, Money.Kes(shillings), receipt, Actor.System("test"));

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
