using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;

namespace Chama.Bot.Demo;

/// <summary>
/// With <c>Demo:Seed</c> on (the default in Development), an empty database gets the quick start's chama so anyone
/// can try the bot: the Umoja Investment Club, four members, KES 10,000 a month, its first cycle running. Three of
/// them are officers (Grace treasurer, Patrick chair, Diana secretary), so every pot can reach the quorum of two.
/// </summary>
public static class DemoSeed
{
    public const string Code = "UMOJA";

    public static readonly NewMember[] Members =
    [
        new("Grace Wanjiku", "0712000001", 1, MemberRoles.Treasurer),
        new("Patrick Ochieng", "0722000002", 2, MemberRoles.Chair),
        new("Diana Mwangi", "0733000003", 3, MemberRoles.Secretary, Language.Sw),
        new("Samuel Kimani", "0711000004", 4),
    ];

    public static IServiceCollection AddDemoSeed(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<SeedOnStart>();
        }

        return services;
    }

    /// <summary>Creates the demo chama unless any chama exists. Returns it, or null when the database was not empty.</summary>
    public static async Task<ChamaGroup?> SeedIfEmptyAsync(ChamaStore chamas, CycleStore cycles, DateOnly today, CancellationToken cancellationToken)
    {
        if ((await chamas.GetChamasAsync(cancellationToken)).Count > 0)
        {
            return null;
        }

        var actor = Actor.System("demo-seed");
        ChamaGroup chama;
        try
        {
            chama = await chamas.CreateChamaAsync("Umoja Investment Club", Code, Constitution.Monthly(Money.Kes(10_000)), actor, cancellationToken);
        }
        catch (ChamaException taken) when (taken.Error == ChamaError.ChamaCodeTaken)
        {
            // Another host on the same database, starting at the same moment, is seeding it.
            return null;
        }

        foreach (var member in Members)
        {
            await chamas.AddMemberAsync(chama.Id, member, actor, cancellationToken);
        }

        // The first meeting falls at the end of this month, so a fresh demo has a round open for payment.
        var firstMeeting = new DateOnly(today.Year, today.Month, DateTime.DaysInMonth(today.Year, today.Month));
        await cycles.StartCycleAsync(chama.Id, firstMeeting, actor, cancellationToken);
        return chama;
    }

    private sealed class SeedOnStart(ChamaStore chamas, CycleStore cycles, TimeProvider clock, ILogger<SeedOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var today = NairobiTime.Today(clock);
            if (await SeedIfEmptyAsync(chamas, cycles, today, cancellationToken) is { } chama)
            {
                logger.LogInformation("Seeded the demo chama {Name} ({Code}).", chama.Name, chama.Code);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
