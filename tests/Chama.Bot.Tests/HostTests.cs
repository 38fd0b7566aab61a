using System.Net;
using Chama.Bot.Demo;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests;

public sealed class HostTests : IDisposable
{
    private readonly BotFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public void The_M_Pesa_simulator_is_refused_outside_Development()
    {
        using var production = new BotFactory().With("Mpesa:Simulate", "true");

        var refused = Assert.Throws<InvalidOperationException>(() => production.Services);
        Assert.Contains("only in Development", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_database_provider_is_refused_naming_the_ones_there_are()
    {
        using var misconfigured = new BotFactory().With("Database:Provider", "Oracle");

        var refused = Assert.Throws<InvalidOperationException>(() => misconfigured.Services);
        Assert.Contains("use Sqlite or Postgres", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_answers_when_the_host_is_up()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_answers_when_the_database_does()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(factory.DatabasePath));
    }

    [Fact]
    public async Task An_empty_database_gets_the_demo_chama_with_its_first_cycle_running()
    {
        _ = factory.CreateClient();
        var chamas = factory.Services.GetRequiredService<ChamaStore>();
        var cycles = factory.Services.GetRequiredService<CycleStore>();

        var chama = await chamas.FindChamaByCodeAsync(DemoSeed.Code);
        Assert.NotNull(chama);
        Assert.Equal("Umoja Investment Club", chama.Name);
        var members = await chamas.GetMembersAsync(chama.Id);
        Assert.Equal(["Grace Wanjiku", "Patrick Ochieng", "Diana Mwangi", "Samuel Kimani"], members.Select(m => m.Name));
        Assert.Equal(["+254712000001", "+254722000002", "+254733000003", "+254711000004"], members.Select(m => m.Phone.E164));
        var cycle = await cycles.FindActiveCycleAsync(chama.Id);
        Assert.NotNull(cycle);
        Assert.Equal(4, (await cycles.GetRoundsAsync(cycle.Id)).Count);
    }

    [Fact]
    public async Task Seeding_twice_leaves_one_demo_chama()
    {
        _ = factory.CreateClient();
        var chamas = factory.Services.GetRequiredService<ChamaStore>();

        var again = await DemoSeed.SeedIfEmptyAsync(chamas, factory.Services.GetRequiredService<CycleStore>(), new DateOnly(2026, 11, 25), CancellationToken.None);

        Assert.Null(again);
        Assert.Single(await chamas.GetChamasAsync());
    }

    [Fact]
    public async Task The_demo_round_starts_empty()
    {
        _ = factory.CreateClient();
        var chama = (await factory.Services.GetRequiredService<ChamaStore>().FindChamaByCodeAsync(DemoSeed.Code))!;
        var cycle = (await factory.Services.GetRequiredService<CycleStore>().FindActiveCycleAsync(chama.Id))!;
        var round = (await factory.Services.GetRequiredService<CycleStore>().GetRoundsAsync(cycle.Id))[0];

        var summary = await factory.Services.GetRequiredService<ContributionLedger>().GetRoundSummaryAsync(round.Id);

        Assert.Equal("Collected: KES 0 / 40,000", summary.CollectedLine);
    }
}
