namespace Chama.Bot.Demo;

/// <summary>Placeholder until the simulator lands.</summary>
public static class LocalDaraja
{
    public static IServiceCollection AddLocalDaraja(this IServiceCollection services) => services;
}
